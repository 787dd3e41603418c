using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ClawBot.Simulator.Tests.Support;

namespace ClawBot.Simulator.Tests;

/// <summary>
/// SIM-22: clients that follow PROTOCOL.md with different legitimate choices all work. Each test is a whole session
/// (bind, receive, reply, file) written the way that client writes it, not the way ClawBot does.
/// </summary>
public sealed class ConformanceTests
{
    /// <summary>
    /// The seed's choices (§12): GET QR calls carrying the POST header set, "{base}/ilink/bot/…" string joins, all fields
    /// sent, client_id "openclaw-weixin-&lt;uuid hex&gt;", channel_version 1.0.2, 1000-char GENERATING…FINISH chunks,
    /// a file via upload_full_url, and the HTTP status as the only success signal.
    /// </summary>
    [Fact]
    public async Task Sim22_SeedStyleClientWorksUnchanged()
    {
        await using var sim = await TestSim.StartAsync(o =>
        {
            o.ReturnUploadFullUrl = true; // the seed's own CDN base is Tencent's; it follows upload_full_url
            o.QrStatusHold = TimeSpan.FromSeconds(10);
        });
        using var http = new HttpClient();
        Dictionary<string, string> Headers(string? token)
        {
            var h = new Dictionary<string, string> { ["AuthorizationType"] = "ilink_bot_token", ["X-WECHAT-UIN"] = WireClient.Uin() };
            if (token != null) h["Authorization"] = "Bearer " + token;
            return h;
        }
        async Task<JsonObject> Get(string url)
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, url);
            foreach (var (k, v) in Headers(null)) req.Headers.TryAddWithoutValidation(k, v);
            req.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            using var res = await http.SendAsync(req);
            res.EnsureSuccessStatusCode();
            return JsonNode.Parse(await res.Content.ReadAsStringAsync())!.AsObject();
        }
        async Task<HttpResponseMessage> Post(string url, JsonObject body, string token)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
            foreach (var (k, v) in Headers(token)) req.Headers.TryAddWithoutValidation(k, v);
            var res = await http.SendAsync(req);
            res.EnsureSuccessStatusCode();
            return res;
        }
        var baseInfo = () => new JsonObject { ["channel_version"] = "1.0.2" };
        var root = sim.BaseUrl.ToString().TrimEnd('/');

        // Bind: GET the code, poll with GET until confirmed.
        var qr = await Get($"{root}/ilink/bot/get_bot_qrcode?bot_type=3");
        var code = qr["qrcode"]!.GetValue<string>();
        var poll = Get($"{root}/ilink/bot/get_qrcode_status?qrcode={Uri.EscapeDataString(code)}");
        await sim.Control.ScanAsync(code);
        await sim.Control.ConfirmAsync(code, "o9xSeedUser@im.wechat");
        JsonObject status = await poll;
        while (status["status"]!.GetValue<string>() != "confirmed")
            status = await Get($"{root}/ilink/bot/get_qrcode_status?qrcode={Uri.EscapeDataString(code)}");
        var token = status["bot_token"]!.GetValue<string>();
        var baseUrl = status["baseurl"]?.GetValue<string>() ?? status["base_url"]!.GetValue<string>();

        // Receive.
        await sim.Control.SendTextToBotAsync(status["ilink_bot_id"]!.GetValue<string>(), "o9xSeedUser@im.wechat", "你好 bot");
        using var updates = await Post($"{baseUrl}/ilink/bot/getupdates", new JsonObject { ["get_updates_buf"] = "", ["base_info"] = baseInfo() }, token);
        var d = JsonNode.Parse(await updates.Content.ReadAsStringAsync())!;
        var m = d["msgs"]![0]!;
        var text = string.Concat(m["item_list"]!.AsArray().Select(it => it!["text_item"]?["text"]?.GetValue<string>() ?? ""));
        Assert.Equal("你好 bot", text);
        var from = m["from_user_id"]!.GetValue<string>();
        var ctxToken = m["context_token"]!.GetValue<string>();

        // Reply with 2 500 characters: three chunks, GENERATING, GENERATING, FINISH.
        var reply = new string('字', 2500);
        var chunks = Enumerable.Range(0, 3).Select(i => reply.Substring(i * 1000, Math.Min(1000, reply.Length - i * 1000))).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            var body = new JsonObject
            {
                ["msg"] = new JsonObject
                {
                    ["from_user_id"] = "", ["to_user_id"] = from, ["client_id"] = "openclaw-weixin-" + Guid.NewGuid().ToString("N"),
                    ["message_type"] = 2, ["message_state"] = i == chunks.Count - 1 ? 2 : 1, ["context_token"] = ctxToken,
                    ["item_list"] = new JsonArray(new JsonObject { ["type"] = 1, ["text_item"] = new JsonObject { ["text"] = chunks[i] } }),
                },
                ["base_info"] = baseInfo(),
            };
            using var _ = await Post($"{baseUrl}/ilink/bot/sendmessage", body, token);
        }

        // A file: getuploadurl, POST the ciphertext to upload_full_url, then file_item.
        var data = RandomNumberGenerator.GetBytes(3000);
        var key = RandomNumberGenerator.GetBytes(16);
        var cipher = Crypto.Encrypt(data, key);
        using var up = await Post($"{baseUrl}/ilink/bot/getuploadurl", new JsonObject
        {
            ["filekey"] = Crypto.Hex(RandomNumberGenerator.GetBytes(16)), ["media_type"] = 3, ["to_user_id"] = from, ["rawsize"] = data.Length,
            ["rawfilemd5"] = Crypto.Md5Hex(data), ["filesize"] = cipher.Length, ["no_need_thumb"] = true, ["aeskey"] = Crypto.Hex(key),
            ["base_info"] = baseInfo(),
        }, token);
        var uj = JsonNode.Parse(await up.Content.ReadAsStringAsync())!;
        var cdnContent = new ByteArrayContent(cipher);
        cdnContent.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var rc = await http.PostAsync(uj["upload_full_url"]!.GetValue<string>(), cdnContent);
        Assert.Equal(200, (int)rc.StatusCode);
        var downloadParam = rc.Headers.GetValues("x-encrypted-param").Single();
        using var fileSend = await Post($"{baseUrl}/ilink/bot/sendmessage", new JsonObject
        {
            ["msg"] = new JsonObject
            {
                ["from_user_id"] = "", ["to_user_id"] = from, ["client_id"] = "openclaw-weixin-" + Guid.NewGuid().ToString("N"),
                ["message_type"] = 2, ["message_state"] = 2, ["context_token"] = ctxToken,
                ["item_list"] = new JsonArray(new JsonObject
                {
                    ["type"] = 4,
                    ["file_item"] = new JsonObject
                    {
                        ["media"] = new JsonObject
                        {
                            ["encrypt_query_param"] = downloadParam,
                            ["aes_key"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(Crypto.Hex(key))),
                            ["encrypt_type"] = 1,
                        },
                        ["file_name"] = "notes.txt", ["len"] = data.Length.ToString(),
                    },
                }),
            },
            ["base_info"] = baseInfo(),
        }, token);

        var sent = await sim.Control.SentAsync(status["ilink_bot_id"]!.GetValue<string>());
        Assert.Equal(4, sent.Count);
        Assert.Equal(reply, string.Concat(sent.Take(3).Select(s => s.Text)));
        Assert.Equal(new[] { 1, 1, 2, 2 }, sent.Select(s => s.MessageState));
        Assert.Equal(data, sent[3].FileContent);
        Assert.Equal(new[] { reply }, await sim.Control.SentTextsAsync(status["ilink_bot_id"]!.GetValue<string>(), from));
        Assert.Empty(await sim.Control.DroppedAsync(status["ilink_bot_id"]!.GetValue<string>()));
    }

    /// <summary>
    /// The official 2.4.9 choices: POST QR fetch with local_token_list, undefined fields omitted, iLink-App-* headers,
    /// client_id "openclaw-weixin:&lt;ms&gt;-&lt;8 hex&gt;", cdnBase-built upload URL, message_id read as a string.
    /// </summary>
    [Fact]
    public async Task Sim22_OfficialStyleClientWorks()
    {
        await using var sim = await TestSim.StartAsync(o => o.ReturnMessageIds = true);
        using var c = new WireClient(sim.BaseUrl);
        var qr = (await c.PostAsync("get_bot_qrcode?bot_type=3", new JsonObject { ["local_token_list"] = new JsonArray() }, baseInfo: false)).Json!;
        var code = qr["qrcode"]!.GetValue<string>();
        await sim.Control.ConfirmAsync(code);
        var status = (await c.GetAsync("get_qrcode_status?qrcode=" + Uri.EscapeDataString(code))).Json!;
        Assert.Equal("confirmed", status["status"]!.GetValue<string>());
        c.BaseUrl = new Uri(status["baseurl"]!.GetValue<string>().TrimEnd('/') + "/");
        c.Token = status["bot_token"]!.GetValue<string>();
        var botId = status["ilink_bot_id"]!.GetValue<string>();
        Assert.Equal(0, (await c.PostAsync("msg/notifystart")).Json!["ret"]!.GetValue<int>());

        await sim.Control.SendTextToBotAsync(botId, "o9xOff@im.wechat", "hello");
        var (_, _, raw) = await c.PostAsync("getupdates", new JsonObject { ["get_updates_buf"] = "" });
        // 2.4.9 quotes big ids before parsing: read message_id from the raw text.
        Assert.Matches("\"message_id\":\\d{17,}", raw);
        var m = JsonNode.Parse(raw)!["msgs"]![0]!;

        // A reply with no run_id, no session_id: only what is defined.
        var msg = new JsonObject
        {
            ["to_user_id"] = m["from_user_id"]!.GetValue<string>(),
            ["client_id"] = $"openclaw-weixin:{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}-{Crypto.Hex(RandomNumberGenerator.GetBytes(4))}",
            ["message_type"] = 2, ["message_state"] = 2, ["context_token"] = m["context_token"]!.GetValue<string>(),
            ["item_list"] = new JsonArray(new JsonObject { ["type"] = 1, ["text_item"] = new JsonObject { ["text"] = "hi" } }),
        };
        var send = (await c.PostAsync("sendmessage", new JsonObject { ["msg"] = msg.DeepClone() })).Json!;
        Assert.Equal(0, send["ret"]!.GetValue<int>());

        // An image, uploaded to {cdnBase}/upload with full component encoding.
        using var http = new HttpClient();
        var image = RandomNumberGenerator.GetBytes(4096);
        var (download, aesKey) = await MediaUpload.UploadAsync(c, http, sim.CdnBaseUrl, image, m["from_user_id"]!.GetValue<string>(), mediaType: 1);
        msg["client_id"] = $"openclaw-weixin:{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}-{Crypto.Hex(RandomNumberGenerator.GetBytes(4))}";
        msg["item_list"] = new JsonArray(new JsonObject
        {
            ["type"] = 2,
            ["image_item"] = new JsonObject
            {
                ["media"] = new JsonObject { ["encrypt_query_param"] = download, ["aes_key"] = aesKey, ["encrypt_type"] = 1 },
                ["mid_size"] = Crypto.Encrypt(image, new byte[16]).Length,
            },
        });
        Assert.Equal(0, (await c.PostAsync("sendmessage", new JsonObject { ["msg"] = msg.DeepClone() })).Json!["ret"]!.GetValue<int>());
        Assert.Equal(0, (await c.PostAsync("msg/notifystop")).Json!["ret"]!.GetValue<int>());

        var sent = await sim.Control.SentAsync(botId);
        Assert.Equal(new[] { 1, 2 }, sent.Select(s => s.ItemType));
        Assert.Equal(image, sent[1].FileContent);
        Assert.Empty((await sim.Control.StatsAsync()).StrictViolations);
    }

    /// <summary>The seed sends "" when it has no context token; with enforcement off that is accepted, with it on it is ret -2.</summary>
    [Fact]
    public async Task Sim22_SeedEmptyContextTokenAndLenientNumbers()
    {
        await using var sim = await TestSim.StartAsync(o => o.RequireContextToken = false);
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        var body = new JsonObject
        {
            ["msg"] = new JsonObject
            {
                ["from_user_id"] = "", ["to_user_id"] = bot.UserId, ["client_id"] = "x-1", ["message_type"] = "2", ["message_state"] = "2",
                ["context_token"] = "", ["session_id"] = null, ["group_id"] = "",
                ["item_list"] = new JsonArray(new JsonObject { ["type"] = "1", ["text_item"] = new JsonObject { ["text"] = "proactive" } }),
            },
        };
        Assert.Equal("{}", (await c.PostAsync("sendmessage", body)).Text);
        sim.Options.RequireContextToken = true;
        body["msg"]!["client_id"] = "x-2";
        Assert.Equal(-2, (await c.PostAsync("sendmessage", body)).Json!["ret"]!.GetValue<int>());
        Assert.Single(await sim.Control.SentAsync(bot.BotId));
    }
}
