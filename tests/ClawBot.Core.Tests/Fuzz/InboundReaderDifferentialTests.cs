using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClawBot.Core.Api;
using ClawBot.Core.Api.Wire;
using ClawBot.Core.Errors;
using ClawBot.Core.Messaging;
using Xunit.Abstractions;

namespace ClawBot.Core.Tests.Fuzz;

/// <summary>
/// The direct reader (<see cref="InboundBatchConverter"/>) against the plain way of reading the same answer: deserialise
/// the wire objects (<see cref="WeixinMessage"/> and its items, as the service defines them) and feed them to the same
/// builder. On real answers and thousands of mutations of them, whatever the plain way reads, the direct reader reads
/// to the same messages; the direct reader may accept more (it skips fields no message keeps), never less.
/// </summary>
public sealed class InboundReaderDifferentialTests(ITestOutputHelper output)
{
    private const int Seed = 20261124;
    private const int Mutations = 3000;
    private const int TextMutations = 1000;

    private static readonly string[] Bodies =
    {
        WireFuzzTests.Answers.First(a => a.Endpoint == "getupdates").Json,
        """
        {"msgs":[{"seq":42,"message_id":0,"from_user_id":"u@im.wechat","to_user_id":"b@im.bot","group_id":"","session_id":"s",
          "create_time_ms":"1781234567890","context_token":"ctx","item_list":[
            {"type":1,"msg_id":"0","text_item":{"text":"line 1"},"ref_msg":{"svr_id":0,"title":"t","message_item":{"type":3,"msg_id":"77","voice_item":{"text":"v"}}}},
            {"type":1,"msg_id":9007199254740993,"text_item":{"text":"line 2"}},
            {"type":2,"image_item":{"aeskey":"0f1e","mid_size":"32","media":{"encrypt_query_param":"eqp","aes_key":"k","full_url":" http://x/y "}}},
            {"type":4,"file_item":{"file_name":"","len":542188,"md5":" ABC ","media":null}},
            {"type":3,"voice_item":{"playtime":86400001,"encode_type":"6","text":""}},
            {"type":5,"video_item":null},
            {"type":"9","text_item":{"text":"unknown type"}}]},
         {"seq":43,"from_user_id":"u@im.wechat","to_user_id":"b@im.bot","item_list":[{"type":3,"voice_item":{"text":"only voice"}}]},
         {"seq":44,"item_list":null},{}
        ],"get_updates_buf":"c","longpolling_timeout_ms":"35000"}
        """,
        // The full shapes (simulator FullShapes): thumbnails, url, session and group ids, delete_time_ms, quotes in full.
        """
        {"ret":0,"msgs":[{"seq":7,"message_id":7360000000000001234,"from_user_id":"u@im.wechat","to_user_id":"b@im.bot",
          "create_time_ms":1781234567890,"update_time_ms":1781234567890,"delete_time_ms":0,"session_id":"5e5510","group_id":"",
          "message_type":1,"message_state":2,"context_token":"ctx","item_list":[
            {"type":1,"msg_id":7360000000000001235,"text_item":{"text":"look at this"},"ref_msg":{"svr_id":7360000000000000001,
              "title":"the quick brown fox","partial_text":{"start":"the ","end":" the","startindex":1,"endindex":1,"quotemd5":"c32c48ff26a014c4550a9119ea54c32c"},
              "message_item":{"type":1,"msg_id":7360000000000000001,"text_item":{"text":"the quick brown fox jumps over the lazy dog, the end"}}}},
            {"type":2,"msg_id":7360000000000001236,"ref_msg":{"svr_id":"7360000000000000002","title":"[图片]","message_item":{"type":2,"image_item":{
              "aeskey":"00112233445566778899aabbccddeeff","mid_size":1008,"media":{"encrypt_query_param":"q+/=","aes_key":"ABEiM0RVZneImaq7zN3u/w==","encrypt_type":1},
              "thumb_media":{"encrypt_query_param":"qt"},"thumb_size":112,"thumb_width":120,"thumb_height":90}}},
             "image_item":{"aeskey":"0f1e2d3c4b5a69788796a5b4c3d2e1f0","url":"http://127.0.0.1/c2c/download?encrypted_query_param=x","mid_size":2016,"hd_size":2016,
              "media":{"encrypt_query_param":"i+/=","aes_key":"Dx4tPEtaaXiHlqW0w9Lh8A==","encrypt_type":1,"full_url":"http://127.0.0.1/c2c/download?encrypted_query_param=i"},
              "thumb_media":{"encrypt_query_param":"t","aes_key":"Dx4tPEtaaXiHlqW0w9Lh8A==","encrypt_type":1},"thumb_size":"528","thumb_width":120,"thumb_height":"90"}},
            {"type":5,"video_item":{"video_size":64,"play_length":3,"video_md5":"DEF","media":{"encrypt_query_param":"v","aes_key":"MGYx"},
              "thumb_media":{"full_url":" http://127.0.0.1/c2c/download?encrypted_query_param=vt "},"thumb_size":16,"thumb_width":0,"thumb_height":48}},
            {"type":4,"file_item":{"file_name":"a.txt","len":"5","media":{"encrypt_query_param":"f"}},"ref_msg":{"svr_id":0,
              "message_item":{"type":4,"msg_id":"77","file_item":{"file_name":"q.pdf","len":"9","media":{"encrypt_query_param":"qf","aes_key":"k"}}},
              "partial_text":{"start":"","end":"x"}}}]}
        ],"get_updates_buf":"c2","longpolling_timeout_ms":35000}
        """,
    };

    [Fact]
    public void The_direct_reader_reads_what_the_wire_objects_read()
    {
        var rng = new Random(Seed);
        var cases = new List<(byte[] Body, string How)>();
        foreach (var body in Bodies)
        {
            cases.Add((Encoding.UTF8.GetBytes(body), "as is"));
            for (var i = 0; i < Mutations / Bodies.Length; i++)
            {
                var c = WireFuzzTests.Mutate(rng, "getupdates", body);
                cases.Add((c.Body, c.How));
            }
            // What the structural mutations cannot write: escapes, repeated keys, numbers as padded or escaped strings.
            for (var i = 0; i < TextMutations / Bodies.Length; i++)
            {
                var (text, how) = MutateText(rng, body);
                cases.Add((Encoding.UTF8.GetBytes(text), how));
            }
        }

        int both = 0, neither = 0, onlyDirect = 0;
        var failures = new List<string>();
        foreach (var (body, how) in cases)
        {
            var plain = Try(() => ReadPlain(body));
            var direct = Try(() => ReadDirect(body));
            if (plain.Error is null && direct.Error is null)
            {
                both++;
                if (plain.Text != direct.Text) failures.Add($"[{how}] differ:\n  plain:  {plain.Text}\n  direct: {direct.Text}");
            }
            else if (plain.Error is null) failures.Add($"[{how}] the direct reader refused what the wire objects read: {direct.Error}");
            else if (direct.Error is null) onlyDirect++;
            else neither++;
            // Either way a refusal is the typed, payload-free error.
            foreach (var error in new[] { plain.Error, direct.Error })
                if (error is not null and not MalformedResponseException) failures.Add($"[{how}] {error.GetType().Name}: {error.Message}");
        }

        output.WriteLine($"{cases.Count} answers: both read {both} (identical), both refused {neither}, only the direct reader read {onlyDirect}");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        // The corpus must exercise both sides: enough accepted answers to compare, enough refused ones to agree on.
        Assert.True(both > 800, $"only {both} answers read by both");
        Assert.True(neither > 800, $"only {neither} answers refused by both");
    }

    [Fact]
    public void Every_real_answer_reads_to_the_same_messages()
    {
        foreach (var body in Bodies)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            Assert.Equal(Describe(ReadPlain(bytes)), Describe(ReadDirect(bytes)));
            Assert.NotEmpty(ReadDirect(bytes));
        }
    }

    private static readonly Regex PropertyName = new("\"([a-z_]+)\":", RegexOptions.CultureInvariant);
    private static readonly Regex ScalarProperty = new("\"([a-z_]+)\":(\"[^\"\\\\]*\"|-?[0-9]+|true|false|null)", RegexOptions.CultureInvariant);
    private static readonly Regex NumberValue = new(":([0-9]+)", RegexOptions.CultureInvariant);

    /// <summary>One to three text-level edits of the answer, each keeping it valid JSON.</summary>
    private static (string Text, string How) MutateText(Random rng, string json)
    {
        var hows = new List<string>();
        for (var edits = 1 + rng.Next(3); edits > 0; edits--)
        {
            switch (rng.Next(5))
            {
                case 0: // a property name with an escaped first letter
                    json = ReplaceOne(rng, json, PropertyName, m => $"\"\\u{(int)m.Groups[1].Value[0]:x4}{m.Groups[1].Value[1..]}\":", hows, "escaped name");
                    break;
                case 1: // a number sent as a zero-padded string
                    json = ReplaceOne(rng, json, NumberValue, m => $":\"{new string('0', 1 + rng.Next(90))}{m.Groups[1].Value}\"", hows, "padded number string");
                    break;
                case 2: // a number sent as a string of escaped digits
                    json = ReplaceOne(rng, json, NumberValue, m => ":\"" + string.Concat(m.Groups[1].Value.Select(c => $"\\u{(int)c:x4}")) + "\"", hows, "escaped number string");
                    break;
                case 3: // the same key again before (the original wins) or after (the copy wins)
                    var other = rng.Next(4) switch { 0 => "null", 1 => "\"\"", 2 => "0", _ => "\"again\"" };
                    json = rng.Next(2) == 0
                        ? ReplaceOne(rng, json, ScalarProperty, m => $"\"{m.Groups[1].Value}\":{other},{m.Value}", hows, "repeated key before")
                        : ReplaceOne(rng, json, ScalarProperty, m => $"{m.Value},\"{m.Groups[1].Value}\":{other}", hows, "repeated key after");
                    break;
                default: // a long escaped string value
                    json = ReplaceOne(rng, json, ScalarProperty, m => m.Groups[2].Value.StartsWith('"')
                        ? $"\"{m.Groups[1].Value}\":\"{string.Concat(Enumerable.Repeat("\\u00e9\\n", 500 + rng.Next(500)))}\"" : m.Value, hows, "long escaped string");
                    break;
            }
        }
        return (json, string.Join(", ", hows));
    }

    private static string ReplaceOne(Random rng, string json, Regex pattern, Func<Match, string> replacement, List<string> hows, string how)
    {
        var matches = pattern.Matches(json);
        if (matches.Count == 0) return json;
        var m = matches[rng.Next(matches.Count)];
        hows.Add($"{how} ({m.Value[..Math.Min(m.Value.Length, 40)]})");
        return json[..m.Index] + replacement(m) + json[(m.Index + m.Length)..];
    }

    private static (string? Text, Exception? Error) Try(Func<IReadOnlyList<InboundMessage>> read)
    {
        try { return (Describe(read()), null); }
        catch (Exception e) { return (null, e); }
    }

    private static IReadOnlyList<InboundMessage> ReadDirect(byte[] body)
    {
        var answer = ApiCaller.Parse("getupdates", body, WireJson.Default.GetUpdatesResponse);
        return (IReadOnlyList<InboundMessage>?)answer.Msgs ?? Array.Empty<InboundMessage>();
    }

    private static IReadOnlyList<InboundMessage> ReadPlain(byte[] body)
    {
        var answer = ApiCaller.Parse("getupdates", body, PlainJson.Default.PlainAnswer);
        var builder = new InboundMessageBuilder();
        var messages = new List<InboundMessage>();
        foreach (var wire in answer.Msgs ?? new List<WeixinMessage?>())
            if (wire is not null) messages.Add(builder.Build(wire));
        return messages;
    }

    /// <summary>Every public field of the messages, attachments, media references and quotes, as one text.</summary>
    private static string Describe(IReadOnlyList<InboundMessage> messages)
    {
        var s = new StringBuilder();
        foreach (var m in messages)
        {
            s.Append($"[{m.MessageId}|{m.Seq}|{m.FromUserId}|{m.ToUserId}|{m.CreatedAt.ToUnixTimeMilliseconds()}|{m.Kind}|{m.Text}|{m.ContextToken}|{m.GroupId}|{m.SessionId}");
            if (m.Quote is { } q)
            {
                s.Append($"|quote {q.MessageId}/{q.Title}/{q.Text}/{q.SelectedText}");
                if (q.Attachment is { } qa) Describe(s.Append("/quoted "), qa);
            }
            foreach (var a in m.Attachments) Describe(s.Append('|'), a);
            s.Append(']');
        }
        return s.ToString();
    }

    private static void Describe(StringBuilder s, MediaAttachment a)
    {
        s.Append($"{a.Kind}/{a.FileName}/{a.Size}/{a.SizeIsPlaintext}/{a.Md5}/{a.PlayTime}/{a.Transcription}/{a.VoiceEncoding}/{a.Width}x{a.Height}/{a.IsThumbnail}");
        if (a.Media is { } r) s.Append($"/{r.EncryptQueryParam}/{r.AesKey}/{r.HexAesKey}/{r.FullUrl}");
        if (a.Thumbnail is { } t) Describe(s.Append("/thumb "), t);
    }
}

/// <summary>getupdates read the plain way: the wire objects for every message.</summary>
internal sealed class PlainAnswer : ApiResult
{
    public List<WeixinMessage?>? Msgs { get; set; }
    public string? GetUpdatesBuf { get; set; }
    public long? LongpollingTimeoutMs { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(PlainAnswer))]
internal sealed partial class PlainJson : JsonSerializerContext
{
}
