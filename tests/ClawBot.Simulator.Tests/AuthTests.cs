using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ClawBot.Simulator.Tests.Support;

namespace ClawBot.Simulator.Tests;

/// <summary>SIM-05 auth, SIM-06 strict mode.</summary>
public sealed class AuthTests
{
    [Fact]
    public async Task Sim05_MissingUnknownAndRevokedTokensGetMinus14()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        foreach (var token in new string?[] { null, "not-a-token" })
        {
            using var c = new WireClient(sim.BaseUrl, token);
            var (status, json, _) = await c.PostAsync("getupdates", new JsonObject { ["get_updates_buf"] = "" });
            Assert.Equal(200, status);
            Assert.Equal(-14, json!["ret"]!.GetValue<int>());
            Assert.Equal(-14, json["errcode"]!.GetValue<int>());
            Assert.Equal("session timeout", json["errmsg"]!.GetValue<string>());
        }

        using var ok = new WireClient(sim.BaseUrl, bot.BotToken);
        Assert.Equal(0, (await ok.PostAsync("getconfig")).Json!["ret"]!.GetValue<int>());
        await sim.Control.ExpireSessionAsync(bot.BotId);
        foreach (var path in new[] { "getupdates", "sendmessage", "getuploadurl", "getconfig", "sendtyping", "msg/notifystart", "msg/notifystop" })
            Assert.Equal(-14, (await ok.PostAsync(path)).Json!["ret"]!.GetValue<int>());
        Assert.True((await sim.Control.BotStateAsync(bot.BotId)).Revoked);
    }

    [Fact]
    public async Task Sim05_TokenIsTrimmedAndSchemeCaseInsensitive()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sim.BaseUrl, "ilink/bot/getconfig"));
        request.Headers.TryAddWithoutValidation("Authorization", "bearer   " + bot.BotToken + "  ");
        request.Headers.TryAddWithoutValidation("AuthorizationType", "ilink_bot_token");
        request.Headers.TryAddWithoutValidation("X-WECHAT-UIN", WireClient.Uin());
        request.Content = new StringContent("""{"base_info":{"channel_version":"2.4.9"}}""", Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        Assert.Equal(0, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["ret"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sim06_StrictModeRefusesABadEnvelopeWithRetMinus2AndListsIt()
    {
        await using var sim = await TestSim.StartAsync(o => o.Strict = true);
        var bot = await sim.Control.CreateBotAsync();

        // A conforming call records nothing.
        using (var good = new WireClient(sim.BaseUrl, bot.BotToken))
            Assert.Equal(0, (await good.PostAsync("getconfig")).Json!["ret"]!.GetValue<int>());
        Assert.Empty((await sim.Control.StatsAsync()).StrictViolations);

        // No AuthorizationType, a bad X-WECHAT-UIN, no base_info: refused with ret -2 (HTTP 200), every fault listed.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sim.BaseUrl, "ilink/bot/getconfig"));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bot.BotToken);
        request.Headers.TryAddWithoutValidation("X-WECHAT-UIN", Convert.ToBase64String(Encoding.ASCII.GetBytes("12ab")));
        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(-2, answer["ret"]!.GetValue<int>());
        Assert.Equal(-2, answer["errcode"]!.GetValue<int>());
        Assert.Contains("AuthorizationType", answer["errmsg"]!.GetValue<string>());

        var violations = (await sim.Control.StatsAsync()).StrictViolations;
        Assert.Contains(violations, v => v.Contains("AuthorizationType"));
        Assert.Contains(violations, v => v.Contains("X-WECHAT-UIN"));
        Assert.Contains(violations, v => v.Contains("base_info"));

        // Strict off: served, and nothing is recorded.
        sim.Options.Strict = false;
        await sim.Control.ResetStatsAsync();
        using (var bare = new WireClient(sim.BaseUrl, bot.BotToken) { SendHeaders = false })
            Assert.Equal(0, (await bare.PostAsync("getconfig", baseInfo: false)).Json!["ret"]!.GetValue<int>());
        Assert.Empty((await sim.Control.StatsAsync()).StrictViolations);
    }

    [Fact]
    public void Sim06_UinFormatIsBase64OfDecimalUint32()
    {
        Assert.True(ClawBot.Simulator.Http.StrictChecker.IsValidUin("MzE0MTU5MjY1Mw=="));
        Assert.False(ClawBot.Simulator.Http.StrictChecker.IsValidUin("not base64"));
        Assert.False(ClawBot.Simulator.Http.StrictChecker.IsValidUin(Convert.ToBase64String(Encoding.ASCII.GetBytes("99999999999"))));
        _ = new MediaTypeHeaderValue("application/json");
    }
}
