using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ClawBot.Simulator.Tests.Support;

namespace ClawBot.Simulator.Tests;

/// <summary>
/// Strict mode's rules for sendmessage, getuploadurl and the CDN upload (PROTOCOL.md §6, §7.3): refused with ret -2
/// (API) or HTTP 400 (CDN), listed in the stats, and served when strict mode is off.
/// </summary>
public sealed class StrictSendTests
{
    private const string User = "o9xUser@im.wechat";

    private static JsonObject Msg(JsonNode item, string token, int? state = 2, string? clientId = null)
    {
        var m = new JsonObject
        {
            ["from_user_id"] = "", ["to_user_id"] = User, ["client_id"] = clientId ?? "c-" + Guid.NewGuid().ToString("N"),
            ["message_type"] = 2, ["context_token"] = token, ["item_list"] = new JsonArray(item),
        };
        if (state != null) m["message_state"] = state;
        return new JsonObject { ["msg"] = m };
    }

    private static JsonObject Text(string text) => new() { ["type"] = 1, ["text_item"] = new JsonObject { ["text"] = text } };

    private static async Task<int> Ret(WireClient c, JsonObject body) => RawRequest.Ret((await c.PostAsync("sendmessage", body)).Json);

    [Fact]
    public async Task MessageState_ZeroOrAbsentIsRefused()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        var token = (await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi")).ContextToken;
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);

        Assert.Equal(-2, await Ret(c, Msg(Text("new"), token, state: 0)));
        Assert.Equal(-2, await Ret(c, Msg(Text("absent reads as NEW"), token, state: null)));
        Assert.Equal(2, (await sim.Control.StatsAsync()).StrictViolations.Count(v => v.StartsWith("sendmessage: message_state")));
        Assert.Empty(await sim.Control.SentAsync(bot.BotId));

        sim.Options.Strict = false;
        Assert.Equal(0, await Ret(c, Msg(Text("new"), token, state: 0)));
        Assert.Equal(0, await Ret(c, Msg(Text("absent"), token, state: null)));
        Assert.Equal(new[] { 0, 2 }, (await sim.Control.SentAsync(bot.BotId)).Select(s => s.MessageState));
    }

    [Fact]
    public async Task Generating_MustBeFollowedByFinishBeforeAnythingElse()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        var token = (await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi")).ContextToken;
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        using var http = new HttpClient();
        var (download, aesKey) = await MediaUpload.UploadAsync(c, http, sim.CdnBaseUrl, new byte[100], User);
        JsonObject File() => new()
        {
            ["type"] = 4,
            ["file_item"] = new JsonObject
            {
                ["media"] = new JsonObject { ["encrypt_query_param"] = download, ["aes_key"] = aesKey, ["encrypt_type"] = 1 },
                ["file_name"] = "a.bin", ["len"] = "100",
            },
        };

        // A media item cannot be a GENERATING chunk.
        Assert.Equal(-2, await Ret(c, Msg(File(), token, state: 1)));

        Assert.Equal(0, await Ret(c, Msg(Text("chunk 1 "), token, state: 1)));
        Assert.Equal(new[] { User }, (await sim.Control.BotStateAsync(bot.BotId)).OpenRuns);
        // While the run is open, only its text can follow.
        Assert.Equal(-2, await Ret(c, Msg(File(), token)));
        Assert.Contains((await sim.Control.StatsAsync()).StrictViolations, v => v.Contains("GENERATING run to this user") && v.Contains("is not finished"));
        Assert.Equal(0, await Ret(c, Msg(Text("chunk 2 "), token, state: 1)));
        Assert.Equal(0, await Ret(c, Msg(Text("end"), token, state: 2)));
        Assert.Empty((await sim.Control.BotStateAsync(bot.BotId)).OpenRuns);
        Assert.Equal(0, await Ret(c, Msg(File(), token)));
        Assert.Equal(new[] { "chunk 1 chunk 2 end" }, await sim.Control.SentTextsAsync(bot.BotId, User));

        // Without strict mode an unfinished run is still shown, but nothing is refused.
        sim.Options.Strict = false;
        Assert.Equal(0, await Ret(c, Msg(Text("left open"), token, state: 1)));
        Assert.Equal(0, await Ret(c, Msg(File(), token)));
        Assert.Equal(new[] { User }, (await sim.Control.BotStateAsync(bot.BotId)).OpenRuns);
    }

    [Fact]
    public async Task EmptyText_IsRefused()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        var token = (await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi")).ContextToken;
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        Assert.Equal(-2, (await c.SendTextAsync(User, "", token)).Json!["ret"]!.GetValue<int>());
        Assert.Contains((await sim.Control.StatsAsync()).StrictViolations, v => v.Contains("text_item.text is empty"));
        Assert.Equal(" ", Assert.Single(await SendAndList(" ")));

        sim.Options.Strict = false;
        Assert.Equal("{}", (await c.SendTextAsync(User, "", token)).Text);

        async Task<IEnumerable<string?>> SendAndList(string text)
        {
            Assert.Equal("{}", (await c.SendTextAsync(User, text, token)).Text);
            return (await sim.Control.SentAsync(bot.BotId)).Select(s => s.Text);
        }
    }

    [Fact]
    public async Task MediaItems_SizesEncryptTypeLenAndUploadKindAreChecked()
    {
        await using var sim = await TestSim.StartAsync(o => o.SendAllowance = 0);
        var bot = await sim.Control.CreateBotAsync();
        var token = (await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi")).ContextToken;
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        using var http = new HttpClient();
        var plain = RandomNumberGenerator.GetBytes(1000);
        var cipherSize = 1008;
        var image = await MediaUpload.UploadAsync(c, http, sim.CdnBaseUrl, plain, User, mediaType: 1);
        var video = await MediaUpload.UploadAsync(c, http, sim.CdnBaseUrl, plain, User, mediaType: 2);
        var file = await MediaUpload.UploadAsync(c, http, sim.CdnBaseUrl, plain, User, mediaType: 3);
        JsonObject Media((string Param, string Key) m, int encryptType = 1) =>
            new() { ["encrypt_query_param"] = m.Param, ["aes_key"] = m.Key, ["encrypt_type"] = encryptType };
        JsonObject Image((string, string) m, long? midSize, int encryptType = 1)
        {
            var sub = new JsonObject { ["media"] = Media(m, encryptType) };
            if (midSize != null) sub["mid_size"] = midSize;
            return new JsonObject { ["type"] = 2, ["image_item"] = sub };
        }
        JsonObject Video((string, string) m, long videoSize) =>
            new() { ["type"] = 5, ["video_item"] = new JsonObject { ["media"] = Media(m), ["video_size"] = videoSize } };
        JsonObject File((string, string) m, string? len)
        {
            var sub = new JsonObject { ["media"] = Media(m), ["file_name"] = "f.bin" };
            if (len != null) sub["len"] = len;
            return new JsonObject { ["type"] = 4, ["file_item"] = sub };
        }

        var refused = new (JsonObject Item, string Expected)[]
        {
            (Image(image, 1), "mid_size must be the ciphertext size, 1008"),
            (Image(image, null), "mid_size must be the ciphertext size"),
            (Image(image, cipherSize, encryptType: 0), "encrypt_type must be 1"),
            (Video(video, 5), "video_size must be the ciphertext size, 1008"),
            (File(file, null), "file_item.len (the plaintext size) is required"),
            (Image(file, cipherSize), "uploaded as media_type 3 (FILE)"),   // a FILE upload sent as an image
            (File(image, "1000"), "uploaded as media_type 1 (IMAGE)"),
            (Video(image, cipherSize), "uploaded as media_type 1 (IMAGE)"),
        };
        foreach (var (item, expected) in refused)
        {
            await sim.Control.ResetStatsAsync();
            Assert.Equal(-2, await Ret(c, Msg(item, token)));
            Assert.Contains((await sim.Control.StatsAsync()).StrictViolations, v => v.StartsWith("sendmessage: ") && v.Contains(expected));
        }
        Assert.Empty(await SentMedia());

        // What the official client sends passes.
        Assert.Equal(0, await Ret(c, Msg(Image(image, cipherSize), token)));
        Assert.Equal(0, await Ret(c, Msg(Video(video, cipherSize), token)));
        Assert.Equal(0, await Ret(c, Msg(File(file, "1000"), token)));
        Assert.Equal(3, (await SentMedia()).Count);

        sim.Options.Strict = false;
        foreach (var (item, _) in refused) Assert.Equal(0, await Ret(c, Msg(item.DeepClone(), token)));

        async Task<List<byte[]?>> SentMedia() => (await sim.Control.SentAsync(bot.BotId)).Where(s => s.ItemType != 1).Select(s => s.FileContent).ToList();
    }

    [Fact]
    public async Task GetUploadUrl_ToUserIdNoNeedThumbAndBaseInfo()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        var good = MediaUpload.Prepare(new byte[100], User, mediaType: 1).Request;
        async Task<JsonObject> Ask(Action<JsonObject> change, bool baseInfo = true)
        {
            var body = (JsonObject)good.DeepClone();
            change(body);
            return (await c.PostAsync("getuploadurl", body, baseInfo)).Json!;
        }

        var refused = new (Action<JsonObject> Change, bool BaseInfo, string Expected)[]
        {
            (b => b.Remove("to_user_id"), true, "to_user_id is required"),
            (b => b["to_user_id"] = "", true, "to_user_id is required"),
            (b => b.Remove("no_need_thumb"), true, "no_need_thumb must be true"),
            (b => b["no_need_thumb"] = false, true, "no_need_thumb must be true"),
            (_ => { }, false, "missing base_info"),
            (b => b["base_info"] = new JsonObject(), true, "channel_version"),
        };
        foreach (var (change, baseInfo, expected) in refused)
        {
            await sim.Control.ResetStatsAsync();
            var answer = await Ask(change, baseInfo);
            Assert.Equal(-2, RawRequest.Ret(answer));
            Assert.Null(answer["upload_param"]);
            Assert.Contains((await sim.Control.StatsAsync()).StrictViolations, v => v.StartsWith("getuploadurl: ") && v.Contains(expected));
        }

        // Both clients' request: no_need_thumb true, no thumbnail, an empty thumb_upload_param.
        var ok = await Ask(_ => { });
        Assert.Equal(0, RawRequest.Ret(ok));
        Assert.Equal("", ok["thumb_upload_param"]!.GetValue<string>());

        sim.Options.Strict = false;
        foreach (var (change, baseInfo, _) in refused) Assert.Equal(0, RawRequest.Ret(await Ask(change, baseInfo)));
    }

    [Fact]
    public async Task GetUploadUrl_AThumbnailGetsItsOwnUploadParam()
    {
        await using var sim = await TestSim.StartAsync(o => o.ReturnMessageIds = true);
        var bot = await sim.Control.CreateBotAsync();
        var token = (await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi")).ContextToken;
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        using var http = new HttpClient();
        var image = RandomNumberGenerator.GetBytes(3000);
        var thumbnail = RandomNumberGenerator.GetBytes(300);
        var p = MediaUpload.Prepare(image, User, mediaType: 1);
        var thumbCipher = Crypto.Encrypt(thumbnail, p.Key);
        p.Request["no_need_thumb"] = false;
        p.Request["thumb_rawsize"] = thumbnail.Length;
        p.Request["thumb_rawfilemd5"] = Crypto.Md5Hex(thumbnail);
        p.Request["thumb_filesize"] = thumbCipher.Length;

        // A thumbnail for a FILE, or one announced together with no_need_thumb, is refused.
        var forFile = (JsonObject)p.Request.DeepClone();
        forFile["media_type"] = 3;
        Assert.Equal(-2, RawRequest.Ret((await c.PostAsync("getuploadurl", forFile)).Json));
        var contradictory = (JsonObject)p.Request.DeepClone();
        contradictory["no_need_thumb"] = true;
        Assert.Equal(-2, RawRequest.Ret((await c.PostAsync("getuploadurl", contradictory)).Json));
        var badSize = (JsonObject)p.Request.DeepClone();
        badSize["thumb_filesize"] = 300;
        Assert.Equal(-2, RawRequest.Ret((await c.PostAsync("getuploadurl", badSize)).Json)); // in every mode, as filesize

        var answer = (await c.PostAsync("getuploadurl", p.Request)).Json!;
        var uploadParam = answer["upload_param"]!.GetValue<string>();
        var thumbParam = answer["thumb_upload_param"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(thumbParam));
        Assert.NotEqual(uploadParam, thumbParam);

        // The thumbnail goes to the CDN with its own parameter and the same key; the image item then carries both.
        using var up = await MediaUpload.PostCdnAsync(http, MediaUpload.UploadUrl(sim.CdnBaseUrl, uploadParam, p.FileKey), p.Cipher);
        using var thumbUp = await MediaUpload.PostCdnAsync(http, MediaUpload.UploadUrl(sim.CdnBaseUrl, thumbParam, p.FileKey), thumbCipher);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (up.StatusCode, thumbUp.StatusCode));
        var aesKey = Convert.ToBase64String(Encoding.ASCII.GetBytes(Crypto.Hex(p.Key)));
        JsonObject Ref(HttpResponseMessage r) => new()
        {
            ["encrypt_query_param"] = r.Headers.GetValues("x-encrypted-param").Single(), ["aes_key"] = aesKey, ["encrypt_type"] = 1,
        };
        JsonObject Item(long thumbSize, bool swap = false) => new()
        {
            ["type"] = 2,
            ["image_item"] = new JsonObject
            {
                ["media"] = Ref(swap ? thumbUp : up), ["mid_size"] = swap ? thumbCipher.Length : p.Cipher.Length,
                ["thumb_media"] = Ref(swap ? up : thumbUp), ["thumb_size"] = thumbSize,
            },
        };
        Assert.Equal(-2, await Ret(c, Msg(Item(thumbCipher.Length + 16), token)));
        Assert.Equal(-2, await Ret(c, Msg(Item(p.Cipher.Length, swap: true), token)));
        Assert.Equal(0, await Ret(c, Msg(Item(thumbCipher.Length), token)));
        Assert.Equal(image, (await sim.Control.SentAsync(bot.BotId)).Single().FileContent);
    }

    [Fact]
    public async Task CdnUpload_NeedsTheFileKeyAndAnOctetStream()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        using var http = new HttpClient();
        var p = MediaUpload.Prepare(new byte[64], User);
        var param = (await c.PostAsync("getuploadurl", p.Request)).Json!["upload_param"]!.GetValue<string>();
        var withKey = MediaUpload.UploadUrl(sim.CdnBaseUrl, param, p.FileKey);
        var withoutKey = new Uri(sim.CdnBaseUrl + "upload?encrypted_query_param=" + Uri.EscapeDataString(param));

        async Task<HttpResponseMessage> Post(Uri url, string? contentType)
        {
            var content = new ByteArrayContent(p.Cipher);
            if (contentType != null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            return await http.PostAsync(url, content);
        }
        foreach (var (url, type, expected) in new[]
                 {
                     (withoutKey, "application/octet-stream", "filekey is missing"),
                     (withKey, "application/json", "Content-Type must be application/octet-stream"),
                     (withKey, null, "Content-Type must be application/octet-stream"),
                 })
        {
            using var r = await Post(url, type);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.StartsWith(expected, r.Headers.GetValues("x-error-message").Single());
            Assert.Contains((await sim.Control.StatsAsync()).StrictViolations, v => v.StartsWith("cdn-upload: ") && v.Contains(expected));
        }
        using (var ok = await Post(withKey, "application/octet-stream"))
            Assert.True(ok.Headers.Contains("x-encrypted-param"));

        sim.Options.Strict = false;
        using (var lenient = await Post(withoutKey, "text/plain"))
            Assert.True(lenient.Headers.Contains("x-encrypted-param"));
    }
}
