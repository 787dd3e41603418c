using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClawBot.Core.Api;
using ClawBot.Core.Auth;
using ClawBot.Core.Errors;
using ClawBot.Core.Messaging;
using ClawBot.Core.Tests.Support;
using Xunit.Abstractions;

namespace ClawBot.Core.Tests.Fuzz;

/// <summary>
/// Feeds the client a few thousand deterministic mutations of real answers (getupdates, sendmessage, getuploadurl, the
/// QR calls): invalid JSON, wrong types, missing fields, huge strings and numbers, unexpected enum values, HTML pages.
/// Every call must either succeed or fail with a specific <see cref="ClawBotException"/> subtype, never anything else.
/// </summary>
public sealed class WireFuzzTests : IDisposable
{
    private const int Seed = 20260614;
    private const int MutationsPerAnswer = 700;

    private readonly ITestOutputHelper _out;
    private readonly TempDir _dir = new();
    private readonly string _file;

    public WireFuzzTests(ITestOutputHelper output)
    {
        _out = output;
        Directory.CreateDirectory(_dir.Path);
        _file = _dir.Combine("fuzz.bin");
        File.WriteAllBytes(_file, Encoding.ASCII.GetBytes("fuzz payload"));
    }

    public void Dispose() => _dir.Dispose();

    // Real answer shapes (PROTOCOL.md §3, §4, §6, §7), as the simulator and the service send them.
    internal static readonly (string Endpoint, string Json)[] Answers =
    {
        ("getupdates", """
            {"ret":0,"msgs":[
              {"seq":42,"message_id":7360001234567890123,"from_user_id":"o9xAbC123@im.wechat","to_user_id":"1a2b3c4d5e6f@im.bot",
               "create_time_ms":1781234567890,"update_time_ms":1781234567890,"session_id":"","message_type":1,"message_state":2,
               "context_token":"ctx-token-1","item_list":[
                 {"type":1,"msg_id":9007199254740993,"create_time_ms":1781234567890,"is_completed":true,"text_item":{"text":"hello bot"},
                  "ref_msg":{"svr_id":9007199254740995,"title":"t","message_item":{"type":1,"msg_id":5,"text_item":{"text":"q"}}}},
                 {"type":2,"image_item":{"aeskey":"0f1e2d3c4b5a69788796a5b4c3d2e1f0","mid_size":32,"hd_size":64,"thumb_size":16,
                  "media":{"encrypt_query_param":"eqp","aes_key":"Dx4tPEtaaXiHlqW0w9Lh8A==","encrypt_type":1,"full_url":"http://127.0.0.1/c2c/download?x=1"}}},
                 {"type":3,"voice_item":{"encode_type":6,"bits_per_sample":16,"sample_rate":24000,"playtime":2500,"text":"spoken","media":{"encrypt_query_param":"v","aes_key":"MDAxMTIyMzM0NDU1NjY3Nzg4OTlhYWJiY2NkZGVlZmY="}}},
                 {"type":4,"file_item":{"file_name":"r.pdf","len":"542188","md5":"0123456789abcdef0123456789abcdef","media":{"encrypt_query_param":"f","aes_key":"k"}}},
                 {"type":5,"video_item":{"video_size":64,"play_length":3,"video_md5":"def","media":{"encrypt_query_param":"e3"},"thumb_media":{"encrypt_query_param":"t"}}}
               ]},
              {"seq":43,"message_id":"7360001234567890124","from_user_id":"alice@im.wechat","message_type":1,"context_token":"ctx-2",
               "item_list":[{"type":1,"text_item":{"text":"second"}}]}
            ],"get_updates_buf":"c2ltY3VyMTo0MjphYg==","longpolling_timeout_ms":35000}
            """),
        ("sendmessage", """{"ret":0,"message_id":7360001234567899999}"""),
        ("sendmessage", """{}"""),
        ("getuploadurl", """{"ret":0,"upload_param":"up-param","thumb_upload_param":"","upload_full_url":"http://127.0.0.1:9/c2c/upload?encrypted_query_param=up&filekey=k"}"""),
        ("get_bot_qrcode", """{"qrcode":"abc123","qrcode_img_content":"https://liteapp.weixin.qq.com/q/abc123"}"""),
        ("get_qrcode_status", """{"status":"confirmed","bot_token":"tok-secret","ilink_bot_id":"1a2b3c4d5e6f@im.bot","ilink_user_id":"o9xAbC123@im.wechat","baseurl":"http://127.0.0.1:5480","redirect_host":"127.0.0.1:5480"}"""),
    };

    private static readonly string[] EnumKeys = { "type", "message_type", "message_state", "status", "ret", "errcode", "encode_type", "encrypt_type" };

    [Fact]
    public async Task Every_mutated_answer_gives_a_result_or_a_specific_ClawBotException()
    {
        var rng = new Random(Seed);
        var cases = new List<Case>();
        foreach (var (endpoint, json) in Answers)
        {
            for (var i = 0; i < MutationsPerAnswer; i++) cases.Add(Mutate(rng, endpoint, json));
            foreach (var special in Specials(json)) cases.Add(new Case(endpoint, special.Body, special.How, special.Status));
        }

        var outcomes = new Dictionary<string, int>();
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var outcome = await RunAsync(c);
            outcomes[c.Endpoint + " → " + outcome.Name] = outcomes.GetValueOrDefault(c.Endpoint + " → " + outcome.Name) + 1;
            if (outcome.Failure is { } f && failures.Count < 20) failures.Add($"{c.Endpoint} [{c.How}] {f}\n  body: {Preview(c.Body)}");
        }

        _out.WriteLine($"seed {Seed}: {cases.Count} answers fuzzed");
        foreach (var (k, v) in outcomes.OrderBy(p => p.Key, StringComparer.Ordinal)) _out.WriteLine($"  {k,-55} {v,5}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(cases.Count >= 3000);
    }

    internal sealed record Case(string Endpoint, byte[] Body, string How, HttpStatusCode Status = HttpStatusCode.OK);

    private sealed record Outcome(string Name, string? Failure);

    private async Task<Outcome> RunAsync(Case c)
    {
        var served = 0;
        var handler = new ScriptedHandler(r =>
        {
            var path = r.Uri.AbsolutePath;
            if (path.EndsWith("/upload", StringComparison.Ordinal))
            {
                var ok = new HttpResponseMessage(HttpStatusCode.OK);
                ok.Headers.Add("x-encrypted-param", "download-param");
                return ok;
            }
            // The fuzzed answer once (twice for the status poll: a direct call, then the login flow's); every later
            // call of any endpoint gets a plain valid answer.
            var fuzzed = path.EndsWith("/" + c.Endpoint, StringComparison.Ordinal)
                && Interlocked.Increment(ref served) <= (c.Endpoint == "get_qrcode_status" ? 2 : 1);
            return new HttpResponseMessage(fuzzed ? c.Status : HttpStatusCode.OK)
            {
                Content = new ByteArrayContent(fuzzed ? c.Body : Encoding.UTF8.GetBytes(Fallback(path))),
            };
        });
        var options = new ILinkClientOptions
        {
            BaseUrl = new Uri("http://127.0.0.1:9/"),
            QrBaseUrl = new Uri("http://127.0.0.1:9/"),
            CdnBaseUrl = new Uri("http://127.0.0.1:9/c2c/"),
            BotToken = "fuzz-token",
            ChunkGap = TimeSpan.Zero,
            Retry = new RetryOptions { MaxAttempts = 1 },
        };
        var client = new ILinkClient(options, new HttpClient(handler));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            switch (c.Endpoint)
            {
                case "getupdates":
                    var batch = await client.GetUpdatesAsync("c1", cts.Token);
                    foreach (var m in batch.Messages) Touch(m);
                    _ = client.NextLongPollTimeout;
                    // The next poll must be able to use whatever hint this answer left behind.
                    await client.GetUpdatesAsync(batch.Cursor, cts.Token);
                    break;
                case "sendmessage":
                    await client.SendTextAsync("u@im.wechat", "ctx", "hi", cts.Token);
                    break;
                case "getuploadurl":
                    await client.SendFileAsync("u@im.wechat", "ctx", _file, OutboundMediaKind.File, null, null, cts.Token);
                    break;
                case "get_bot_qrcode":
                    await client.GetBotQrCodeAsync(new[] { "t1" }, cts.Token);
                    break;
                case "get_qrcode_status":
                    var status = await client.GetQrCodeStatusAsync("abc123", options.QrBaseUrl, null, TimeSpan.FromSeconds(5), cts.Token);
                    _ = status.ToString();
                    // And through the login flow, which turns a confirmed answer into a binding.
                    var flow = new QrLoginFlow(client, new QrLoginOptions { MaxQrCodes = 1, PollInterval = TimeSpan.Zero, Deadline = TimeSpan.FromSeconds(20) });
                    _ = await flow.RunAsync(new Observer(), cts.Token);
                    break;
            }
            return new Outcome("ok", null);
        }
        catch (ClawBotException e) when (e is not PartialSendException || e.InnerException is ClawBotException)
        {
            var name = e is QrLoginException q ? $"{e.GetType().Name} ({q.Reason})" : e.GetType().Name;
            return e.Message.Length == 0 ? new Outcome(name, "empty message") : new Outcome(name, null);
        }
        catch (Exception e)
        {
            return new Outcome("UNEXPECTED " + e.GetType().Name, e.GetType().FullName + ": " + e.Message);
        }
    }

    // After a mutated first answer, the QR flow sees "expired" and ends (one code allowed).
    private static string Fallback(string path) =>
        path.EndsWith("get_qrcode_status", StringComparison.Ordinal) ? """{"status":"expired"}"""
        : path.EndsWith("get_bot_qrcode", StringComparison.Ordinal) ? """{"qrcode":"abc123","qrcode_img_content":"https://liteapp.weixin.qq.com/q/abc123"}"""
        : path.EndsWith("getupdates", StringComparison.Ordinal) ? """{"ret":0,"msgs":[],"get_updates_buf":"x"}"""
        : "{}";

    private static void Touch(InboundMessage m)
    {
        _ = m.ToString(); _ = m.Text; _ = m.CreatedAt; _ = m.Kind; _ = m.Quote?.Text;
        foreach (var a in m.Attachments) { _ = a.ToString(); _ = a.Size; _ = a.PlayTime; _ = a.Media?.ToString(); }
    }

    private sealed class Observer : IQrLoginObserver
    {
        private int _codes;
        public void QrCodeIssued(QrCodeTicket ticket, int number, int maxCodes) { }
        public void Scanned() { }
        public void Expired(int number, int maxCodes) { }
        public void Redirected(string host) { }
        public Task<string?> RequestVerifyCodeAsync(bool previousWasWrong, CancellationToken cancellationToken) =>
            Task.FromResult<string?>(_codes++ < 2 ? "123456" : null);
    }

    // ---- mutations ----

    internal static Case Mutate(Random rng, string endpoint, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        switch (rng.Next(10))
        {
            case 0:
                var cut = rng.Next(bytes.Length);
                return new Case(endpoint, bytes[..cut], $"truncated at {cut}");
            case 1:
                var flipped = (byte[])bytes.Clone();
                var n = 1 + rng.Next(4);
                for (var i = 0; i < n; i++) flipped[rng.Next(flipped.Length)] = (byte)rng.Next(256);
                return new Case(endpoint, flipped, $"{n} bytes replaced");
            default:
                var root = JsonNode.Parse(json)!;
                var nodes = new List<(JsonNode? Parent, string? Key, int Index, JsonNode? Node)>();
                Collect(root, null, null, -1, nodes);
                var pick = nodes[rng.Next(nodes.Count)];
                string how;
                JsonNode? replacement;
                var r = rng.Next(6);
                if (r == 0 && pick.Parent is JsonObject po && pick.Key is not null)
                {
                    po.Remove(pick.Key);
                    return new Case(endpoint, Encoding.UTF8.GetBytes(root.ToJsonString()), $"removed {pick.Key}");
                }
                if (r == 1 && pick.Key is not null && EnumKeys.Contains(pick.Key))
                {
                    replacement = OddEnum(rng);
                    how = $"{pick.Key} = {replacement?.ToJsonString() ?? "null"}";
                }
                else if (r == 2)
                {
                    var size = rng.Next(3) == 0 ? 1 << 20 : 1 << 12;
                    replacement = JsonValue.Create(new string((char)('a' + rng.Next(26)), size) + "\u00e9\ud83d\ude00");
                    how = $"{pick.Key ?? "[" + pick.Index + "]"} = huge string ({size})";
                }
                else
                {
                    replacement = OddValue(rng);
                    how = $"{pick.Key ?? "[" + pick.Index + "]"} = {Short(replacement)}";
                }
                if (pick.Parent is null) return new Case(endpoint, Encoding.UTF8.GetBytes(replacement?.ToJsonString() ?? "null"), "root " + how);
                if (pick.Parent is JsonObject o) o[pick.Key!] = replacement;
                else if (pick.Parent is JsonArray a) a[pick.Index] = replacement;
                return new Case(endpoint, Encoding.UTF8.GetBytes(root.ToJsonString()), how);
        }
    }

    private static void Collect(JsonNode? node, JsonNode? parent, string? key, int index, List<(JsonNode?, string?, int, JsonNode?)> into)
    {
        into.Add((parent, key, index, node));
        switch (node)
        {
            case JsonObject o:
                foreach (var p in o.ToList()) Collect(p.Value, o, p.Key, -1, into);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) Collect(a[i], a, null, i, into);
                break;
        }
    }

    private static JsonNode? OddEnum(Random rng) => rng.Next(9) switch
    {
        0 => JsonValue.Create(99),
        1 => JsonValue.Create(-1),
        2 => JsonValue.Create(-14),
        3 => JsonValue.Create(2147483648L),
        4 => JsonValue.Create("weird"),
        5 => JsonValue.Create("confirmed"),
        6 => JsonValue.Create(-2),
        7 => JsonValue.Create("binded_redirect"),
        _ => JsonValue.Create(0),
    };

    private static JsonNode? OddValue(Random rng) => rng.Next(22) switch
    {
        0 => null,
        1 => JsonValue.Create(true),
        2 => JsonValue.Create(0),
        3 => JsonValue.Create(-1),
        4 => JsonValue.Create(long.MaxValue),
        5 => JsonValue.Create(long.MinValue),
        6 => JsonNode.Parse("18446744073709551616"),
        7 => JsonNode.Parse("1e308"),
        8 => JsonNode.Parse("-1e308"),
        9 => JsonValue.Create(1.5),
        10 => JsonValue.Create(""),
        11 => JsonValue.Create("x"),
        12 => new JsonArray(),
        13 => new JsonObject(),
        14 => JsonNode.Parse(new string('[', 20) + "1" + new string(']', 20)),
        15 => JsonValue.Create("\u0000\u001b[31m\r\n"),
        16 => JsonValue.Create("9999999999999999999999"),
        17 => JsonValue.Create("-62135596800001"),
        18 => JsonValue.Create(253402300800000L),
        19 => JsonValue.Create("<script>alert(1)</script>"),
        20 => new JsonArray(JsonValue.Create(1), null, new JsonObject()),
        _ => JsonValue.Create(double.MaxValue),
    };

    private static IEnumerable<(byte[] Body, string How, HttpStatusCode Status)> Specials(string json)
    {
        static byte[] U(string s) => Encoding.UTF8.GetBytes(s);
        yield return (U("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>"), "HTML page, 200", HttpStatusCode.OK);
        yield return (U("<html><body>Service Unavailable</body></html>"), "HTML page, 503", HttpStatusCode.ServiceUnavailable);
        yield return (U("Not Found"), "text, 404", HttpStatusCode.NotFound);
        yield return (U("{}"), "302 redirect", HttpStatusCode.Redirect);
        yield return (Array.Empty<byte>(), "empty body", HttpStatusCode.OK);
        yield return (U("   \r\n\t "), "whitespace", HttpStatusCode.OK);
        yield return (U("null"), "null", HttpStatusCode.OK);
        yield return (U("[]"), "array", HttpStatusCode.OK);
        yield return (U("\"just a string\""), "string", HttpStatusCode.OK);
        yield return (U("12345"), "number", HttpStatusCode.OK);
        yield return (U("true"), "bool", HttpStatusCode.OK);
        yield return (new byte[] { 0xEF, 0xBB, 0xBF }.Concat(U(json)).ToArray(), "UTF-8 BOM", HttpStatusCode.OK);
        yield return (Encoding.Unicode.GetBytes(json), "UTF-16", HttpStatusCode.OK);
        yield return (U(new string('[', 100_000)), "deep nesting", HttpStatusCode.OK);
        yield return (U("{\"a\":" + new string('[', 5000) + new string(']', 5000) + "}"), "deep nesting (closed)", HttpStatusCode.OK);
        yield return (U(json + json), "two documents", HttpStatusCode.OK);
        yield return (U(json.TrimEnd() + " trailing"), "trailing garbage", HttpStatusCode.OK);
        yield return (U("{\"ret\":0,\"ret\":-14}"), "duplicate key", HttpStatusCode.OK);
        yield return (U("{\"ret\":-14,\"errcode\":-14,\"errmsg\":\"session timeout\"}"), "-14", HttpStatusCode.OK);
        yield return (U("{\"ret\":-2,\"errmsg\":\"" + new string('e', 100_000) + "\"}"), "-2 with a huge errmsg", HttpStatusCode.OK);
        yield return (U("{'ret':0}"), "single quotes", HttpStatusCode.OK);
        yield return (U("{\"ret\":0,}"), "trailing comma", HttpStatusCode.OK);
        yield return (U("{\"ret\":0 /* c */}"), "comment", HttpStatusCode.OK);
        yield return (U("{\"ret\":NaN}"), "NaN", HttpStatusCode.OK);
        yield return (U("{\"ret\":0,\"longpolling_timeout_ms\":9223372036854775807,\"msgs\":[]}"), "huge hold hint", HttpStatusCode.OK);
        yield return (U("{\"ret\":0,\"longpolling_timeout_ms\":-5,\"msgs\":[{\"create_time_ms\":-1,\"item_list\":[{\"type\":3,\"voice_item\":{\"playtime\":9223372036854775807}}]}]}"), "negative times", HttpStatusCode.OK);
        yield return (new byte[] { 0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D }, "invalid UTF-8", HttpStatusCode.OK);
        var rnd = new Random(Seed);
        var noise = new byte[4096];
        rnd.NextBytes(noise);
        yield return (noise, "random bytes", HttpStatusCode.OK);
    }

    private static string Short(JsonNode? n)
    {
        var s = n?.ToJsonString() ?? "null";
        return s.Length > 40 ? s[..40] + "…" : s;
    }

    private static string Preview(byte[] body)
    {
        var s = Encoding.UTF8.GetString(body);
        return s.Length > 300 ? s[..300] + "…" : s;
    }
}
