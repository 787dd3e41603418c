using System.Text.Json.Nodes;
using ClawBot.Simulator.Tests.Support;

namespace ClawBot.Simulator.Tests;

/// <summary>
/// Strict mode's envelope rules (SIM-06, PROTOCOL.md §2): what no conforming client sends is refused with HTTP 200
/// ret -2 and listed in the stats; with strict off the same call is served.
/// </summary>
public sealed class StrictEnvelopeTests
{
    private const string BaseInfo = """{"base_info":{"channel_version":"2.4.9","bot_agent":"SimTests/1.0"}}""";

    private static async Task<int> GetConfigRet(SimulatorServer sim, string token, IDictionary<string, string> headers, string body = BaseInfo)
    {
        headers["Authorization"] = "Bearer " + token;
        return RawRequest.Ret((await RawRequest.SendAsync(HttpMethod.Post, new Uri(sim.BaseUrl, "ilink/bot/getconfig"), headers, body)).Json);
    }

    [Fact]
    public async Task AppHeaderPair_AbsentIsAcceptedButHalfWrongOrInconsistentIsRefused()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();

        // The official pair, and no pair at all (the seed: measured to work, §2.1), are both fine.
        Assert.Equal(0, await GetConfigRet(sim, bot.BotToken, RawRequest.OfficialPostHeaders()));
        var seed = RawRequest.OfficialPostHeaders();
        seed.Remove("iLink-App-Id");
        seed.Remove("iLink-App-ClientVersion");
        Assert.Equal(0, await GetConfigRet(sim, bot.BotToken, seed, """{"base_info":{"channel_version":"1.0.2"}}"""));
        Assert.Empty((await sim.Control.StatsAsync()).StrictViolations);

        async Task Refused(Action<Dictionary<string, string>> change, string expected, string body = BaseInfo)
        {
            var headers = RawRequest.OfficialPostHeaders();
            change(headers);
            Assert.Equal(-2, await GetConfigRet(sim, bot.BotToken, headers, body));
            Assert.Contains((await sim.Control.StatsAsync()).StrictViolations, v => v.Contains(expected));
        }
        await Refused(h => h.Remove("iLink-App-ClientVersion"), "iLink-App-Id without iLink-App-ClientVersion");
        await Refused(h => h.Remove("iLink-App-Id"), "iLink-App-ClientVersion without iLink-App-Id");
        await Refused(h => h["iLink-App-Id"] = "openclaw", "iLink-App-Id is 'openclaw'");
        await Refused(h => h["iLink-App-ClientVersion"] = "2.4.9", "not a decimal major<<16");
        await Refused(h => h["iLink-App-ClientVersion"] = "16777216", "not a decimal major<<16"); // high byte must be 0
        // 132105 is 2.4.9: a channel_version of 1.0.2 contradicts it.
        await Refused(_ => { }, "disagrees with iLink-App-ClientVersion", """{"base_info":{"channel_version":"1.0.2"}}""");

        sim.Options.Strict = false;
        var wrong = RawRequest.OfficialPostHeaders();
        wrong["iLink-App-Id"] = "openclaw";
        Assert.Equal(0, await GetConfigRet(sim, bot.BotToken, wrong));
    }

    [Fact]
    public async Task BaseInfo_NeedsAChannelVersionString()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        foreach (var body in new[]
                 {
                     """{"base_info":{}}""", """{"base_info":{"bot_agent":"X/1"}}""", """{"base_info":{"channel_version":""}}""",
                     """{"base_info":{"channel_version":249}}""", """{"base_info":{"channel_version":"latest"}}""",
                     """{"base_info":"2.4.9"}""", """{"base_info":{"channel_version":"2.4.9","bot_agent":"X/1 \u001b[31m"}}""",
                 })
            Assert.Equal(-2, await GetConfigRet(sim, bot.BotToken, RawRequest.OfficialPostHeaders(), body));
        Assert.Equal(7, (await sim.Control.StatsAsync()).StrictViolations.Count(v => v.Contains("base_info")));

        // What the clients send: the official version with bot_agent, a pre-release, the seed's version without it.
        Assert.Equal(0, await GetConfigRet(sim, bot.BotToken, RawRequest.OfficialPostHeaders(), """{"base_info":{"channel_version":"2.4.9","bot_agent":"OpenClaw"}}"""));
        var noPair = RawRequest.OfficialPostHeaders();
        noPair.Remove("iLink-App-Id");
        noPair.Remove("iLink-App-ClientVersion");
        Assert.Equal(0, await GetConfigRet(sim, bot.BotToken, noPair, """{"base_info":{"channel_version":"2.5.0-beta.1"}}"""));
        Assert.Equal(0, await GetConfigRet(sim, bot.BotToken, noPair, """{"base_info":{"channel_version":"1.0.2"}}"""));

        sim.Options.Strict = false;
        Assert.Equal(0, await GetConfigRet(sim, bot.BotToken, RawRequest.OfficialPostHeaders(), """{"base_info":{}}"""));
    }

    [Fact]
    public async Task QrStatusGet_OfficialAndSeedHeadersPassWrongOnesAreRefused()
    {
        await using var sim = await TestSim.StartAsync(o => o.QrStatusHold = TimeSpan.FromMilliseconds(50));
        using var c = new WireClient(sim.BaseUrl);
        var code = (await c.GetAsync("get_bot_qrcode?bot_type=3")).Json!["qrcode"]!.GetValue<string>();
        var url = new Uri(sim.BaseUrl, "ilink/bot/get_qrcode_status?qrcode=" + Uri.EscapeDataString(code));
        async Task<JsonObject> Get(Dictionary<string, string> headers, string? body = null) =>
            (await RawRequest.SendAsync(HttpMethod.Get, url, headers, body)).Json!;

        // Official: only the iLink-App-* pair. Seed: the POST set on a GET, Content-Type and all. Bare: nothing.
        var official = new Dictionary<string, string> { ["iLink-App-Id"] = "bot", ["iLink-App-ClientVersion"] = "132105" };
        var seed = new Dictionary<string, string> { ["AuthorizationType"] = "ilink_bot_token", ["X-WECHAT-UIN"] = WireClient.Uin(), ["Content-Type"] = "application/json" };
        foreach (var ok in new[] { official, seed, new Dictionary<string, string>() })
            Assert.Equal("wait", (await Get(ok))["status"]!.GetValue<string>());
        Assert.Empty((await sim.Control.StatsAsync()).StrictViolations);

        var refused = new (Dictionary<string, string> Headers, string? Body, string Expected)[]
        {
            (new() { ["iLink-App-Id"] = "bot" }, null, "iLink-App-Id without"),
            (new() { ["iLink-App-Id"] = "bot", ["iLink-App-ClientVersion"] = "v2" }, null, "iLink-App-ClientVersion is not"),
            (new() { ["AuthorizationType"] = "bearer" }, null, "AuthorizationType is 'bearer'"),
            (new() { ["X-WECHAT-UIN"] = "not-base64!" }, null, "X-WECHAT-UIN"),
            (new() { ["Authorization"] = "Bearer leaked-token" }, null, "Authorization header on a QR login call"),
            (official, "{}", "a GET with a body"),
        };
        foreach (var (headers, body, expected) in refused)
        {
            var answer = await Get(headers, body);
            Assert.Equal(-2, RawRequest.Ret(answer));
            Assert.Null(answer["status"]);
            Assert.Contains((await sim.Control.StatsAsync()).StrictViolations, v => v.StartsWith("get_qrcode_status: ") && v.Contains(expected));
        }

        sim.Options.Strict = false;
        Assert.Equal("wait", (await Get(new() { ["AuthorizationType"] = "bearer" }))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task QrFetch_RefusesATokenSentToTheLoginHost()
    {
        await using var sim = await TestSim.StartAsync();
        var url = new Uri(sim.BaseUrl, "ilink/bot/get_bot_qrcode?bot_type=3");
        var headers = RawRequest.OfficialPostHeaders();
        Assert.NotNull((await RawRequest.SendAsync(HttpMethod.Post, url, headers, """{"local_token_list":[]}""")).Json!["qrcode"]);
        headers["Authorization"] = "Bearer abc";
        var (status, json) = await RawRequest.SendAsync(HttpMethod.Post, url, headers, """{"local_token_list":[]}""");
        Assert.Equal((200, -2), (status, RawRequest.Ret(json)));
        Assert.Null(json!["qrcode"]);
    }
}
