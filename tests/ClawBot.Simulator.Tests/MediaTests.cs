using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.Tests.Support;

namespace ClawBot.Simulator.Tests;

/// <summary>SIM-15 getuploadurl, SIM-16 CDN upload, SIM-17 CDN download, SIM-18 inbound media.</summary>
public sealed class MediaTests
{
    private const string User = "o9xUser@im.wechat";

    [Fact]
    public void Sim15_AesVectorFromProtocol()
    {
        var key = Convert.FromHexString("0f1e2d3c4b5a69788796a5b4c3d2e1f0");
        Assert.Equal("0b948efe283b4c900505a224c8f89e1f", Crypto.Hex(ClawBot.Simulator.Cdn.AesEcb.Encrypt(Encoding.ASCII.GetBytes("hello"), key)));
        Assert.Equal("MGYxZTJkM2M0YjVhNjk3ODg3OTZhNWI0YzNkMmUxZjA=", ClawBot.Simulator.Cdn.KeyCodec.Base64OfHex(key));
        Assert.Equal("Dx4tPEtaaXiHlqW0w9Lh8A==", ClawBot.Simulator.Cdn.KeyCodec.Base64OfRaw(key));
        Assert.Equal(new long[] { 16, 16, 32, 20_971_536 }, new long[] { 0, 15, 16, 20 * 1024 * 1024 }.Select(ClawBot.Simulator.Cdn.AesEcb.CipherSize));
    }

    [Fact]
    public async Task Sim15_GetUploadUrlChecksSizesKeyAndLimit()
    {
        await using var sim = await TestSim.StartAsync(o => o.MaxFileBytes = 1000);
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        var good = MediaUpload.Prepare(new byte[100], User).Request;

        var ok = (await c.PostAsync("getuploadurl", (JsonObject)good.DeepClone())).Json!;
        Assert.False(string.IsNullOrEmpty(ok["upload_param"]!.GetValue<string>()));
        Assert.Null(ok["upload_full_url"]);

        async Task<int> RetWith(string field, JsonNode? value)
        {
            var body = (JsonObject)good.DeepClone();
            if (value == null) body.Remove(field); else body[field] = value;
            return (await c.PostAsync("getuploadurl", body)).Json!["ret"]!.GetValue<int>();
        }
        Assert.NotEqual(0, await RetWith("filesize", 100)); // must be (100/16+1)*16 = 112
        Assert.NotEqual(0, await RetWith("aeskey", "abc"));
        Assert.NotEqual(0, await RetWith("filekey", null));
        var big = MediaUpload.Prepare(new byte[1001], User).Request;
        Assert.NotEqual(0, (await c.PostAsync("getuploadurl", big)).Json!["ret"]!.GetValue<int>());
        Assert.Equal(20L * 1024 * 1024, new SimulatorOptions().MaxFileBytes);

        // Numbers as strings are accepted (lenient parsing), and upload_full_url points at our CDN when asked.
        sim.Options.ReturnUploadFullUrl = true;
        var asStrings = (JsonObject)good.DeepClone();
        asStrings["rawsize"] = "100";
        asStrings["filesize"] = "112";
        var full = (await c.PostAsync("getuploadurl", asStrings)).Json!["upload_full_url"]!.GetValue<string>();
        Assert.StartsWith(sim.CdnBaseUrl.ToString() + "upload?", full);
    }

    [Fact]
    public async Task Sim16_CdnUploadChecksLengthAndDecryptedMd5()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        using var http = new HttpClient();
        var plain = RandomNumberGenerator.GetBytes(5000);
        var p = MediaUpload.Prepare(plain, User);
        var param = (await c.PostAsync("getuploadurl", p.Request)).Json!["upload_param"]!.GetValue<string>();
        var url = MediaUpload.UploadUrl(sim.CdnBaseUrl, param, p.FileKey);

        using (var shortBody = await MediaUpload.PostCdnAsync(http, url, p.Cipher[..^16]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, shortBody.StatusCode);
            Assert.True(shortBody.Headers.Contains("x-error-message"));
        }
        using (var wrongKey = await MediaUpload.PostCdnAsync(http, url, Crypto.Encrypt(plain, RandomNumberGenerator.GetBytes(16))))
            Assert.Equal(HttpStatusCode.BadRequest, wrongKey.StatusCode);
        var tampered = Crypto.Encrypt(plain.Select((b, i) => i == 0 ? (byte)(b ^ 1) : b).ToArray(), p.Key);
        using (var badMd5 = await MediaUpload.PostCdnAsync(http, url, tampered))
            Assert.Equal("decrypted MD5 differs from rawfilemd5", badMd5.Headers.GetValues("x-error-message").Single());

        using var ok = await MediaUpload.PostCdnAsync(http, url, p.Cipher);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var download = ok.Headers.GetValues("x-encrypted-param").Single();
        Assert.Equal(p.Cipher, await http.GetByteArrayAsync(sim.CdnBaseUrl + "download?encrypted_query_param=" + Uri.EscapeDataString(download)));
    }

    [Fact]
    public async Task Sim16_CdnUploadFaults()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        using var http = new HttpClient();
        var p = MediaUpload.Prepare(new byte[64], User);
        var url = MediaUpload.UploadUrl(sim.CdnBaseUrl, (await c.PostAsync("getuploadurl", p.Request)).Json!["upload_param"]!.GetValue<string>(), p.FileKey);

        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "cdn-upload", Kind = SimFaultKind.Status, Status = 500, Count = 2 });
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "cdn-upload", Kind = SimFaultKind.NoEncryptedParam });
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "cdn-upload", Kind = SimFaultKind.Status, Status = 400 });
        for (var i = 0; i < 2; i++)
        {
            using var r500 = await MediaUpload.PostCdnAsync(http, url, p.Cipher);
            Assert.Equal(HttpStatusCode.InternalServerError, r500.StatusCode);
            Assert.True(r500.Headers.Contains("x-error-message"));
        }
        using (var noParam = await MediaUpload.PostCdnAsync(http, url, p.Cipher))
        {
            Assert.Equal(HttpStatusCode.OK, noParam.StatusCode);
            Assert.False(noParam.Headers.Contains("x-encrypted-param"));
        }
        using (var r400 = await MediaUpload.PostCdnAsync(http, url, p.Cipher))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r400.StatusCode);
            Assert.True(r400.Headers.Contains("x-error-message"));
        }
        using var ok = await MediaUpload.PostCdnAsync(http, url, p.Cipher);
        Assert.True(ok.Headers.Contains("x-encrypted-param"));
        Assert.Equal(5, (await sim.Control.StatsAsync()).RequestsByEndpoint["cdn-upload"]);
    }

    [Fact]
    public async Task Sim16_TwentyMebibyteRoundTripThroughSendmessage()
    {
        await using var sim = await TestSim.StartAsync(o => o.ReturnUploadFullUrl = true);
        var bot = await sim.Control.CreateBotAsync();
        var inbound = await sim.Control.SendTextToBotAsync(bot.BotId, User, "send me the file");
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        using var http = new HttpClient();
        var plain = RandomNumberGenerator.GetBytes(20 * 1024 * 1024);
        var (download, aesKey) = await MediaUpload.UploadAsync(c, http, sim.CdnBaseUrl, plain, User);

        var msg = new JsonObject
        {
            ["from_user_id"] = "", ["to_user_id"] = User, ["client_id"] = "file-1", ["message_type"] = 2, ["message_state"] = 2,
            ["context_token"] = inbound.ContextToken,
            ["item_list"] = new JsonArray(new JsonObject
            {
                ["type"] = 4,
                ["file_item"] = new JsonObject
                {
                    ["media"] = new JsonObject { ["encrypt_query_param"] = download, ["aes_key"] = aesKey, ["encrypt_type"] = 1 },
                    ["file_name"] = "big.bin", ["len"] = plain.Length.ToString(),
                },
            }),
        };
        Assert.Equal("{}", (await c.PostAsync("sendmessage", new JsonObject { ["msg"] = msg })).Text);
        var sent = (await sim.Control.SentAsync(bot.BotId)).Single();
        Assert.Equal((4, "big.bin"), (sent.ItemType, sent.FileName));
        Assert.True(plain.AsSpan().SequenceEqual(sent.FileContent));
    }

    [Fact]
    public async Task Sim17_CdnDownloadServesCiphertextFullUrlAnd404()
    {
        await using var sim = await TestSim.StartAsync(o => o.InboundFullUrl = true);
        var bot = await sim.Control.CreateBotAsync();
        var content = Encoding.UTF8.GetBytes("a file body");
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.File, FileName = "a.txt", Content = content });
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        var media = (await c.PollAsync("")).Msgs[0]!["item_list"]![0]!["file_item"]!["media"]!;
        using var http = new HttpClient();

        var byParam = await http.GetByteArrayAsync(sim.CdnBaseUrl + "download?encrypted_query_param=" + Uri.EscapeDataString(media["encrypt_query_param"]!.GetValue<string>()));
        var byFullUrl = await http.GetByteArrayAsync(media["full_url"]!.GetValue<string>());
        Assert.Equal(byParam, byFullUrl);
        Assert.Equal(content, Crypto.Decrypt(byParam, Crypto.DecodeKey(media["aes_key"]!.GetValue<string>())));

        using var missing = await http.GetAsync(sim.CdnBaseUrl + "download?encrypted_query_param=nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Sim18_InboundMediaInEveryKeyEncoding()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        var body = RandomNumberGenerator.GetBytes(777);
        async Task Send(SimMediaKind kind, SimKeyEncoding enc, string? text = null, string? quote = null) =>
            await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest
            {
                FromUserId = User, MediaKind = kind, KeyEncoding = enc, Content = body, Text = text, QuoteSvrId = quote,
                FileName = "f.bin", PlayTimeMs = 4200,
            });
        await Send(SimMediaKind.Image, SimKeyEncoding.Default);
        await Send(SimMediaKind.Image, SimKeyEncoding.None);
        await Send(SimMediaKind.File, SimKeyEncoding.Default);
        await Send(SimMediaKind.Voice, SimKeyEncoding.Default);
        await Send(SimMediaKind.Video, SimKeyEncoding.Default);
        await Send(SimMediaKind.Voice, SimKeyEncoding.Default, text: "transcribed");
        await Send(SimMediaKind.Image, SimKeyEncoding.HexOnly);
        await Send(SimMediaKind.File, SimKeyEncoding.Base64OfRaw);
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, Text = "quoting", QuoteSvrId = "7360000000000000999" });

        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        var (msgs, _, raw) = await c.PollAsync("");
        Assert.Equal(9, msgs.Count);
        using var http = new HttpClient();
        async Task<byte[]> Fetch(JsonNode media) =>
            await http.GetByteArrayAsync(sim.CdnBaseUrl + "download?encrypted_query_param=" + Uri.EscapeDataString(media["encrypt_query_param"]!.GetValue<string>()));
        JsonNode Item(int i) => msgs[i]!["item_list"]![0]!;

        // Image: hex aeskey plus base64-of-raw aes_key, both the same key.
        var image = Item(0)["image_item"]!;
        var hexKey = Convert.FromHexString(image["aeskey"]!.GetValue<string>());
        Assert.Equal(16, Convert.FromBase64String(image["media"]!["aes_key"]!.GetValue<string>()).Length);
        Assert.Equal(hexKey, Crypto.DecodeKey(image["media"]!["aes_key"]!.GetValue<string>()));
        Assert.Equal(body, Crypto.Decrypt(await Fetch(image["media"]!), hexKey));

        // Image without any key: plaintext on the CDN.
        var plainImage = Item(1)["image_item"]!;
        Assert.Null(plainImage["aeskey"]);
        Assert.Null(plainImage["media"]!["aes_key"]);
        Assert.Equal(body, await Fetch(plainImage["media"]!));

        // File, voice, video: base64 of the hex string (44 chars).
        foreach (var (i, name) in new[] { (2, "file_item"), (3, "voice_item"), (4, "video_item") })
        {
            var media = Item(i)[name]!["media"]!;
            var key = media["aes_key"]!.GetValue<string>();
            Assert.Equal(44, key.Length);
            Assert.Equal(32, Convert.FromBase64String(key).Length);
            Assert.Equal(body, Crypto.Decrypt(await Fetch(media), Crypto.DecodeKey(key)));
        }
        var file = Item(2)["file_item"]!;
        Assert.Equal(body.Length.ToString(), file["len"]!.GetValue<string>());
        Assert.Equal(Crypto.Md5Hex(body), file["md5"]!.GetValue<string>());
        Assert.Equal(4200, Item(3)["voice_item"]!["playtime"]!.GetValue<int>());
        Assert.Null(Item(3)["voice_item"]!["text"]);
        Assert.Equal("transcribed", Item(5)["voice_item"]!["text"]!.GetValue<string>());
        Assert.Equal(2, Item(0)["type"]!.GetValue<int>());
        Assert.Equal(3, Item(3)["type"]!.GetValue<int>());
        Assert.Equal(4, Item(2)["type"]!.GetValue<int>());
        Assert.Equal(5, Item(4)["type"]!.GetValue<int>());

        // HexOnly and Base64OfRaw variants.
        Assert.Null(Item(6)["image_item"]!["media"]!["aes_key"]);
        Assert.Equal(32, Item(6)["image_item"]!["aeskey"]!.GetValue<string>().Length);
        Assert.Equal(16, Convert.FromBase64String(Item(7)["file_item"]!["media"]!["aes_key"]!.GetValue<string>()).Length);

        // A quote that carries only svr_id, as a bare uint64.
        var refMsg = Item(8)["ref_msg"]!.AsObject();
        Assert.Equal(new[] { "svr_id" }, refMsg.Select(p => p.Key));
        Assert.Contains("\"svr_id\":7360000000000000999", raw.ToJsonString());
    }
}
