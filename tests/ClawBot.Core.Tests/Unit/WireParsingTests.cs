using System.Text;
using System.Text.Json;
using ClawBot.Core.Api;
using ClawBot.Core.Api.Wire;
using ClawBot.Core.Errors;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Tests.Unit;

public class WireParsingTests
{
    private static GetUpdatesResponse Parse(string json) =>
        ApiCaller.Parse("getupdates", Encoding.UTF8.GetBytes(json), WireJson.Default.GetUpdatesResponse);

    [Fact]
    public void Keeps_ids_above_2_pow_53_exact_whether_number_or_string()
    {
        var answer = Parse("""
            {"ret":0,"msgs":[
              {"message_id":18446744073709551615,"item_list":[{"type":1,"msg_id":9007199254740993,"text_item":{"text":"a"}}]},
              {"message_id":"9007199254740993","item_list":[]},
              {"item_list":[{"type":1,"msg_id":0},{"type":1,"msg_id":"7360001234567890123","text_item":{"text":"b"}}]},
              {"message_id":0,"item_list":[{"type":1,"msg_id":9007199254740993}]},
              {"message_id":"0","item_list":[{"type":1,"msg_id":0},{"type":1,"msg_id":""}]}
            ],"get_updates_buf":"c2"}
            """);
        var messages = answer.Msgs!;
        Assert.Equal("18446744073709551615", messages[0].MessageId);
        Assert.Equal("9007199254740993", messages[1].MessageId);
        Assert.Equal("7360001234567890123", messages[2].MessageId); // fallback: first non-empty item msg_id
        Assert.Equal("9007199254740993", messages[3].MessageId); // the fallback read as a bare number, exactly
        Assert.Equal("", messages[4].MessageId);                 // "0" is proto3's unset id, not an id
    }

    [Fact]
    public void Ignores_unknown_fields_and_tolerates_missing_ones()
    {
        var answer = Parse("""{"future":{"x":[1,2]},"msgs":[{"weird":true,"item_list":[{"type":99,"new_item":{}}]}]}""");
        Assert.Null(answer.Ret);
        var message = answer.Msgs![0];
        Assert.Equal("", message.MessageId);
        Assert.Equal(MessageKind.Unknown, message.Kind);
        Assert.Equal(DateTimeOffset.UnixEpoch, message.CreatedAt);
        Assert.Empty(message.Attachments);
        Assert.Null(message.ContextToken);

        Assert.Null(Parse("{}").Msgs);
        Assert.NotNull(Parse("")); // an empty body is an empty object
    }

    [Fact]
    public void Numbers_may_arrive_as_strings()
    {
        var answer = Parse("""{"ret":"0","longpolling_timeout_ms":"35000","msgs":[{"seq":"42","create_time_ms":"1781234567890"}]}""");
        Assert.Equal(0, answer.Ret);
        Assert.Equal(35000, answer.LongpollingTimeoutMs);
        Assert.Equal(42, answer.Msgs![0].Seq);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1781234567890), answer.Msgs[0].CreatedAt);
    }

    [Fact]
    public void Numbers_as_strings_are_read_at_any_length_once_unescaped()
    {
        // 11 escaped digits (66 bytes as sent) and a timestamp padded with 80 zeros: both integers, as the serializer reads them.
        var escaped = string.Concat("42424242424".Select(c => $"\\u{(int)c:x4}"));
        var padded = new string('0', 80) + "1781234567890";
        var answer = Parse($$"""{"msgs":[{"seq":"{{escaped}}","create_time_ms":"{{padded}}","item_list":[{"type":"{{new string('0', 70)}}1"}]}]}""");
        var m = answer.Msgs![0];
        Assert.Equal(42424242424, m.Seq);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1781234567890), m.CreatedAt);
        Assert.Equal(MessageKind.Text, m.Kind);
    }

    [Theory]
    [InlineData("""{"msgs":[{"seq":1},{"item_list":[{"type":2,"image_item":{"mid_size":"big"}}]}]}""", 57)]
    [InlineData("""{"msgs":[{"seq":1},{"item_list":[{"type":1,"text_item":{"text":5}}]}]}""", 63)]
    [InlineData("""{"msgs":[{"seq":1},{"item_list":[{"type":1,"ref_msg":{"title":[]}}]}]}""", 54)]
    public void A_malformed_answer_is_located_in_the_whole_answer(string body, int bytePosition)
    {
        var ex = Assert.Throws<MalformedResponseException>(() => Parse(body));
        var position = System.Text.RegularExpressions.Regex.Match(ex.Message, @"\(line 0, byte ([0-9]+)\)");
        Assert.True(position.Success, ex.Message);
        var reported = int.Parse(position.Groups[1].Value);
        // The offending value, or the media or quote object holding it; counted in the whole answer, never from the
        // start of that object.
        Assert.InRange(reported, bytePosition - 1, bytePosition + 1);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("{\"msgs\":\"nope\"}")]
    [InlineData("{\"ret\":\"abc\"}")]
    [InlineData("{\"msgs\":[1]}")]
    [InlineData("{\"msgs\":[{\"item_list\":{}}]}")]
    [InlineData("{\"msgs\":[{\"item_list\":[{\"type\":1.5}]}]}")]
    [InlineData("{\"msgs\":[{\"item_list\":[{\"text_item\":\"x\"}]}]}")]
    [InlineData("{\"msgs\":[{\"seq\":\"4x\"}]}")]
    [InlineData("{\"msgs\":[{\"from_user_id\":5}]}")]
    [InlineData("{\"msgs\":[{\"message_id\":true}]}")]
    [InlineData("{\"msgs\":[{\"item_list\":[{\"type\":1,\"image_item\":{\"mid_size\":\"big\"}}]}]}")]
    public void Garbage_is_a_malformed_response(string body) =>
        Assert.Throws<MalformedResponseException>(() => Parse(body));

    [Fact]
    public void Maps_text_media_quote_and_kind()
    {
        var answer = Parse("""
            {"msgs":[{"seq":42,"message_id":7360001234567890123,"from_user_id":"u@im.wechat","to_user_id":"b@im.bot",
              "create_time_ms":1781234567890,"message_type":1,"message_state":2,"context_token":"ctx","group_id":"",
              "item_list":[
                {"type":1,"text_item":{"text":"line 1"},"ref_msg":{"svr_id":9007199254740995,"title":"t"}},
                {"type":1,"text_item":{"text":"line 2"}},
                {"type":2,"image_item":{"aeskey":"0f1e2d3c4b5a69788796a5b4c3d2e1f0","mid_size":32,
                  "media":{"encrypt_query_param":"eqp","aes_key":"Dx4tPEtaaXiHlqW0w9Lh8A==","encrypt_type":1,"full_url":"http://x/y"}}},
                {"type":4,"file_item":{"file_name":"r.pdf","len":"542188","md5":"ABC","media":{"encrypt_query_param":"e2","aes_key":"k"}}},
                {"type":5,"video_item":{"video_size":64,"video_md5":"def","media":{"encrypt_query_param":"e3"}}},
                {"type":3,"voice_item":{"playtime":2500,"encode_type":6,"text":"spoken","media":{}}}
              ]}]}
            """);
        var m = answer.Msgs![0];
        Assert.Equal("7360001234567890123", m.MessageId);
        Assert.Equal(42, m.Seq);
        Assert.Equal(MessageKind.Mixed, m.Kind);
        Assert.Equal("line 1\nline 2", m.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1781234567890), m.CreatedAt);
        Assert.Equal("ctx", m.ContextToken);
        Assert.Null(m.GroupId);
        Assert.Equal("9007199254740995", m.Quote!.MessageId);
        Assert.Equal("t", m.Quote.Title);

        Assert.Equal(4, m.Attachments.Count);
        var image = m.Attachments[0];
        Assert.Equal(AttachmentKind.Image, image.Kind);
        Assert.Equal("0f1e2d3c4b5a69788796a5b4c3d2e1f0", image.Media!.HexAesKey);
        Assert.Equal("Dx4tPEtaaXiHlqW0w9Lh8A==", image.Media.AesKey);
        Assert.Equal("http://x/y", image.Media.FullUrl);
        Assert.Equal(32, image.Size);
        Assert.False(image.SizeIsPlaintext);

        var file = m.Attachments[1];
        Assert.Equal("r.pdf", file.FileName);
        Assert.Equal(542188, file.Size);
        Assert.True(file.SizeIsPlaintext);
        Assert.Equal("abc", file.Md5);

        Assert.Equal(64, m.Attachments[2].Size);
        var voice = m.Attachments[3];
        Assert.Equal(TimeSpan.FromMilliseconds(2500), voice.PlayTime);
        Assert.Equal(6, voice.VoiceEncoding);
        Assert.Equal("spoken", voice.Transcription);
        Assert.Equal("(CDN reference)", image.Media.ToString());
    }

    [Fact]
    public void Voice_only_message_uses_its_transcription_and_quote_falls_back_to_item_id()
    {
        var answer = Parse("""
            {"msgs":[{"message_id":"1","item_list":[
              {"type":3,"voice_item":{"text":"hi there"},"ref_msg":{"message_item":{"type":1,"msg_id":77,"text_item":{"text":"q"}}}}]}]}
            """);
        var m = answer.Msgs![0];
        Assert.Equal(MessageKind.Voice, m.Kind);
        Assert.Equal("hi there", m.Text);
        Assert.Equal("77", m.Quote!.MessageId);
        Assert.Equal("q", m.Quote.Text);
    }

    [Fact]
    public void Null_messages_and_items_are_dropped_and_a_repeated_key_keeps_its_last_value()
    {
        var answer = Parse("""
            {"msgs":[null,
              {"message_id":1,"item_list":[null,{"type":1,"text_item":{"text":"first"}}],
               "item_list":[{"type":1,"text_item":null},{"type":1,"text_item":{"text":"a","text":"b"}},null],
               "context_token":"x","context_token":"y","seq":1,"seq":"2"},
              null]}
            """);
        var m = Assert.Single(answer.Msgs!);
        Assert.Equal("b", m.Text);
        Assert.Equal("y", m.ContextToken);
        Assert.Equal(2, m.Seq);
        Assert.Equal(MessageKind.Text, m.Kind);
    }

    [Fact]
    public void Escaped_names_and_values_read_as_their_text()
    {
        var answer = Parse("""{"msgs":[{"\u0066rom_user_id":"u\u0040im.wechat","seq":"\u0034\u0032","item_list":[{"type":1,"text_item":{"te\u0078t":"line\n\"q\" \ud83d\ude00"}}]}]}""");
        var m = answer.Msgs![0];
        Assert.Equal("u@im.wechat", m.FromUserId);
        Assert.Equal(42, m.Seq);
        Assert.Equal("line\n\"q\" \U0001F600", m.Text);
    }

    [Fact]
    public void Fields_the_message_does_not_keep_are_skipped_whatever_they_hold()
    {
        // A service that changes the type of a field this client never uses must not cost the user the batch.
        var answer = Parse("""
            {"msgs":[{"message_id":5,"message_type":"bot","message_state":[1],"update_time_ms":{"x":1},"client_id":7,"run_id":false,
              "item_list":[{"type":1,"is_completed":"yes","create_time_ms":"soon","text_item":{"text":"kept","extra":[1,{"a":null}]}}]}]}
            """);
        Assert.Equal("kept", answer.Msgs![0].Text);
        Assert.Equal("5", answer.Msgs[0].MessageId);
    }

    [Fact]
    public void Ids_repeated_across_a_batch_share_one_string()
    {
        var answer = Parse("""
            {"msgs":[{"from_user_id":"u@im.wechat","to_user_id":"b@im.bot","group_id":"g"},
                     {"from_user_id":"u@im.wechat","to_user_id":"b@im.bot","group_id":"g"},
                     {"from_user_id":"v@im.wechat","to_user_id":"b@im.bot","group_id":"h"}]}
            """);
        var m = answer.Msgs!;
        Assert.Same(m[0].ToUserId, m[2].ToUserId);
        Assert.Same(m[0].FromUserId, m[1].FromUserId);
        Assert.Same(m[0].GroupId, m[1].GroupId);
        Assert.Equal("v@im.wechat", m[2].FromUserId);
        Assert.Equal("h", m[2].GroupId);
    }

    [Fact]
    public void Send_body_is_snake_case_and_omits_nulls()
    {
        var body = new SendMessageRequest
        {
            Msg = new WeixinMessage
            {
                FromUserId = "", ToUserId = "u", ClientId = "c", MessageType = 2, MessageState = 2,
                ItemList = new() { new MessageItem { Type = 4, FileItem = new FileItem { FileName = "a", Len = "12", Media = new CdnMedia { EncryptType = 1 } } } },
            },
            BaseInfo = new BaseInfo { ChannelVersion = "2.4.9", BotAgent = "ClawBot/1" },
        };
        var json = JsonSerializer.Serialize(body, WireJson.Default.SendMessageRequest);
        Assert.Equal("""{"msg":{"from_user_id":"","to_user_id":"u","client_id":"c","message_type":2,"message_state":2,"item_list":[{"type":4,"file_item":{"media":{"encrypt_type":1},"file_name":"a","len":"12"}}]},"base_info":{"channel_version":"2.4.9","bot_agent":"ClawBot/1"}}""", json);
    }
}
