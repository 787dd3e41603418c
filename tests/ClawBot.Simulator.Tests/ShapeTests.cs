using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.Tests.Support;

namespace ClawBot.Simulator.Tests;

/// <summary>
/// The full shapes the real service sends (Options.FullShapes, on by default) and the sparse ones (off), so clients
/// are tested against both: thumbnails, url, session_id, group_id, delete_time_ms, and quotes in full.
/// </summary>
public sealed class ShapeTests
{
    private const string User = "o9xUser@im.wechat";

    private static async Task<(JsonArray Msgs, string Raw)> ReceiveAll(SimulatorServer sim, string token)
    {
        using var c = new WireClient(sim.BaseUrl, token);
        var (msgs, _, json) = await c.PollAsync("");
        return (msgs, json.ToJsonString());
    }

    [Fact]
    public async Task FullImagesAndVideosCarryAThumbnailWithItsSizeAndDimensions()
    {
        await using var sim = await TestSim.StartAsync();
        Assert.True(new SimulatorOptions().FullShapes);
        var bot = await sim.Control.CreateBotAsync();
        var body = RandomNumberGenerator.GetBytes(2000);
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.Image, Content = body });
        var given = RandomNumberGenerator.GetBytes(500);
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest
        {
            FromUserId = User, MediaKind = SimMediaKind.Video, Content = body, ThumbContent = given, ThumbWidth = 64, ThumbHeight = 48,
        });
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.Image, Content = body, KeyEncoding = SimKeyEncoding.None });
        var (msgs, _) = await ReceiveAll(sim, bot.BotToken);
        using var http = new HttpClient();
        async Task<byte[]> Fetch(JsonNode media) =>
            await http.GetByteArrayAsync(sim.CdnBaseUrl + "download?encrypted_query_param=" + Uri.EscapeDataString(media["encrypt_query_param"]!.GetValue<string>()));

        // Image: a PNG thumbnail of the announced size, encrypted with the image's key, described with the same key fields.
        var image = msgs[0]!["item_list"]![0]!["image_item"]!;
        var key = Convert.FromHexString(image["aeskey"]!.GetValue<string>());
        var thumbMedia = image["thumb_media"]!;
        Assert.Equal(image["media"]!["aes_key"]!.GetValue<string>(), thumbMedia["aes_key"]!.GetValue<string>());
        Assert.Equal(1, thumbMedia["encrypt_type"]!.GetValue<int>());
        var thumbCipher = await Fetch(thumbMedia);
        Assert.Equal(thumbCipher.Length, image["thumb_size"]!.GetValue<long>());
        var png = Crypto.Decrypt(thumbCipher, key);
        Assert.Equal("\u0089PNG", Encoding.Latin1.GetString(png, 0, 4));
        Assert.Equal((120, 90), (image["thumb_width"]!.GetValue<int>(), image["thumb_height"]!.GetValue<int>()));
        Assert.Equal((120, 90), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
        Assert.Equal(2016, image["hd_size"]!.GetValue<long>());
        Assert.Equal(body, Crypto.Decrypt(await http.GetByteArrayAsync(image["url"]!.GetValue<string>()), key));

        // Video: the given thumbnail and dimensions, base64-of-hex key as its media.
        var video = msgs[1]!["item_list"]![0]!["video_item"]!;
        var videoKey = Crypto.DecodeKey(video["media"]!["aes_key"]!.GetValue<string>());
        Assert.Equal(given, Crypto.Decrypt(await Fetch(video["thumb_media"]!), videoKey));
        Assert.Equal((64, 48, 512L), (video["thumb_width"]!.GetValue<int>(), video["thumb_height"]!.GetValue<int>(), video["thumb_size"]!.GetValue<long>()));

        // An image stored as plaintext has a plaintext thumbnail and no key anywhere.
        var plain = msgs[2]!["item_list"]![0]!["image_item"]!;
        Assert.Null(plain["thumb_media"]!["aes_key"]);
        Assert.Equal("\u0089PNG", Encoding.Latin1.GetString(await Fetch(plain["thumb_media"]!), 0, 4));

        // Sparse: none of it.
        sim.Options.FullShapes = false;
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.Image, Content = body });
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.Video, Content = body });
        (msgs, _) = await ReceiveAll(sim, bot.BotToken);
        foreach (var (i, name) in new[] { (3, "image_item"), (4, "video_item") })
        {
            var sub = msgs[i]!["item_list"]![0]![name]!.AsObject();
            Assert.DoesNotContain(sub, p => p.Key.StartsWith("thumb_") || p.Key == "url");
        }
    }

    [Fact]
    public async Task FullMessagesCarrySessionIdGroupIdAndDeleteTime()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        await sim.Control.SendTextToBotAsync(bot.BotId, User, "one");
        await sim.Control.SendTextToBotAsync(bot.BotId, User, "two");
        await sim.Control.SendTextToBotAsync(bot.BotId, "o9xOther@im.wechat", "three");
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, Text = "in a group", GroupId = "g123@chatroom" });
        await sim.Control.QueueTextsAsync(bot.BotId, User, 1, "bulk");
        var (msgs, _) = await ReceiveAll(sim, bot.BotToken);

        var sessions = msgs.Select(m => m!["session_id"]!.GetValue<string>()).ToList();
        Assert.All(sessions, s => Assert.False(string.IsNullOrEmpty(s)));
        Assert.Equal(sessions[0], sessions[1]);     // one per user …
        Assert.NotEqual(sessions[0], sessions[2]);  // … and user
        Assert.Equal(sessions[0], sessions[4]);
        Assert.Equal(new[] { "", "", "", "g123@chatroom", "" }, msgs.Select(m => m!["group_id"]!.GetValue<string>()));
        Assert.All(msgs, m => Assert.Equal(0, m!["delete_time_ms"]!.GetValue<long>()));

        sim.Options.FullShapes = false;
        await sim.Control.SendTextToBotAsync(bot.BotId, User, "sparse");
        (msgs, _) = await ReceiveAll(sim, bot.BotToken);
        var sparse = msgs[^1]!.AsObject();
        Assert.Equal("", sparse["session_id"]!.GetValue<string>());
        Assert.False(sparse.ContainsKey("group_id"));
        Assert.False(sparse.ContainsKey("delete_time_ms"));
    }

    [Fact]
    public async Task QuotesCarryTheQuotedItemTitleAndPartialText()
    {
        await using var sim = await TestSim.StartAsync(o => o.ReturnMessageIds = true);
        var bot = await sim.Control.CreateBotAsync();
        const string quoted = "the quick brown fox jumps over the lazy dog, the end";
        var textMsg = await sim.Control.SendTextToBotAsync(bot.BotId, User, quoted);
        var imageBody = RandomNumberGenerator.GetBytes(300);
        var imageMsg = await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.Image, Content = imageBody });
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        var botReply = (await c.SendTextAsync(User, "a reply from the bot", textMsg.ContextToken)).Json!["message_id"]!.ToJsonString();

        async Task Quote(string id, string? selection = null, string text = "re") =>
            await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, Text = text, QuoteMessageId = id, QuoteSelection = selection });
        await Quote(textMsg.MessageId);
        await Quote(textMsg.MessageId, "the lazy dog, the");
        await Quote(imageMsg.MessageId);
        await Quote(botReply);
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, Text = "by id only", QuoteSvrId = textMsg.MessageId });
        var (msgs, raw) = await ReceiveAll(sim, bot.BotToken);
        JsonObject Ref(int i) => msgs[i]!["item_list"]![0]!["ref_msg"]!.AsObject();

        // A text quoted in full: svr_id (a bare number), the item, a title.
        var full = Ref(2);
        Assert.Contains("\"svr_id\":" + textMsg.MessageId, raw);
        Assert.Equal(quoted, full["message_item"]!["text_item"]!["text"]!.GetValue<string>());
        Assert.Equal(textMsg.MessageId, full["message_item"]!["msg_id"]!.ToJsonString());
        Assert.Equal("the quick brown fox jumps over…", full["title"]!.GetValue<string>());
        Assert.Null(full["message_item"]!["ref_msg"]);

        // A selection: partial_text resolves (as the official client resolves it) to the selected words, MD5 and all.
        var partial = Ref(3)["partial_text"]!;
        Assert.Equal(("the ", " the"), (partial["start"]!.GetValue<string>(), partial["end"]!.GetValue<string>()));
        var start = NthIndexOf(quoted, partial["start"]!.GetValue<string>(), partial["startindex"]!.GetValue<int>());
        var end = NthIndexOf(quoted, partial["end"]!.GetValue<string>(), partial["endindex"]!.GetValue<int>());
        var resolved = quoted[start..(end + partial["end"]!.GetValue<string>().Length)];
        Assert.Equal("the lazy dog, the", resolved);
        Assert.Equal(Crypto.Md5Hex(Encoding.UTF8.GetBytes(resolved)), partial["quotemd5"]!.GetValue<string>());

        // A quoted image: its item, media and key included, so the client can fetch it; a media title.
        var image = Ref(4);
        Assert.Equal("[图片]", image["title"]!.GetValue<string>());
        var quotedImage = image["message_item"]!["image_item"]!;
        using var http = new HttpClient();
        var cipher = await http.GetByteArrayAsync(sim.CdnBaseUrl + "download?encrypted_query_param=" + Uri.EscapeDataString(quotedImage["media"]!["encrypt_query_param"]!.GetValue<string>()));
        Assert.Equal(imageBody, Crypto.Decrypt(cipher, Convert.FromHexString(quotedImage["aeskey"]!.GetValue<string>())));

        // The bot's own message, as it was sent; and the id-only form, in full shapes too.
        Assert.Equal("a reply from the bot", Ref(5)["message_item"]!["text_item"]!["text"]!.GetValue<string>());
        Assert.Equal(new[] { "svr_id" }, Ref(6).Select(p => p.Key));

        // Sparse shapes quote by svr_id alone; a bad quote is a 400 of the control API.
        sim.Options.FullShapes = false;
        await Quote(textMsg.MessageId, "quick");
        (msgs, _) = await ReceiveAll(sim, bot.BotToken);
        Assert.Equal(new[] { "svr_id" }, msgs[^1]!["item_list"]![0]!["ref_msg"]!.AsObject().Select(p => p.Key));
        await Assert.ThrowsAsync<SimulatorControlException>(() => Quote("12345"));
        sim.Options.FullShapes = true;
        await Assert.ThrowsAsync<SimulatorControlException>(() => Quote(textMsg.MessageId, "not in the text"));
    }

    /// <summary>The official client's lookup (messaging/partial-quote.ts): the n-th occurrence, scanning without overlap.</summary>
    private static int NthIndexOf(string text, string value, int occurrence)
    {
        var position = 0;
        for (var current = 0; current <= occurrence; current++)
        {
            position = text.IndexOf(value, position, StringComparison.Ordinal);
            if (position < 0) return -1;
            if (current < occurrence) position += value.Length;
        }
        return position;
    }
}
