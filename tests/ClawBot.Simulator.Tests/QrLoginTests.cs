using System.Text.Json.Nodes;
using ClawBot.Simulator.Tests.Support;

namespace ClawBot.Simulator.Tests;

/// <summary>SIM-01 … SIM-04: routes, QR fetch, status hold, and every QR state.</summary>
public sealed class QrLoginTests
{
    [Fact]
    public async Task Sim01_RoutesServedUnderPathPrefixAndQrFetchAcceptsGetAndPost()
    {
        await using var sim = await TestSim.StartAsync(o => o.PathPrefix = "/tenant-a");
        Assert.EndsWith("/tenant-a/", sim.BaseUrl.ToString());
        using var c = new WireClient(sim.BaseUrl);

        var get = await c.GetAsync("get_bot_qrcode?bot_type=3");
        var post = await c.PostAsync("get_bot_qrcode?bot_type=3", new JsonObject { ["local_token_list"] = new JsonArray() }, baseInfo: false);
        Assert.Equal(200, get.Status);
        Assert.Equal(200, post.Status);
        var details = await sim.Control.QrDetailsAsync(post.Json!["qrcode"]!.GetValue<string>());
        Assert.Equal("3", details.BotType);

        var bot = await sim.Control.CreateBotAsync();
        c.Token = bot.BotToken;
        Assert.Equal(200, (await c.PostAsync("getconfig", new JsonObject { ["ilink_user_id"] = bot.UserId })).Status);

        // The un-prefixed API is not served (only the QR host routes are, for redirect_host).
        using var root = new WireClient(sim.RootUrl, bot.BotToken);
        Assert.Equal(404, (await root.PostAsync("getconfig")).Status);
    }

    [Fact]
    public async Task Sim02_QrFetchNeedsNoAuthAndReturnsDeepLink()
    {
        await using var sim = await TestSim.StartAsync();
        using var c = new WireClient(sim.BaseUrl); // the POST header set, but no token
        var (status, json, _) = await c.PostAsync("get_bot_qrcode?bot_type=3", baseInfo: false);
        Assert.Equal(200, status);
        Assert.False(string.IsNullOrEmpty(json!["qrcode"]!.GetValue<string>()));
        var content = json["qrcode_img_content"]!.GetValue<string>();
        Assert.StartsWith("https://liteapp.weixin.qq.com/q/", content);
        Assert.True(Uri.IsWellFormedUriString(content, UriKind.Absolute));
        Assert.Equal(json["qrcode"]!.GetValue<string>(), (await sim.Control.LatestQrAsync())!.QrCode);
    }

    [Fact]
    public async Task Sim03_StatusHoldsThenAnswersWait()
    {
        await using var sim = await TestSim.StartAsync(o => o.QrStatusHold = TimeSpan.FromMilliseconds(300));
        using var c = new WireClient(sim.BaseUrl);
        var code = (await c.GetAsync("get_bot_qrcode?bot_type=3")).Json!["qrcode"]!.GetValue<string>();
        var started = DateTime.UtcNow;
        var (status, json, _) = await c.GetAsync("get_qrcode_status?qrcode=" + Uri.EscapeDataString(code));
        Assert.Equal(200, status);
        Assert.Equal("wait", json!["status"]!.GetValue<string>());
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(250), "the poll was held");
        Assert.Equal(TimeSpan.FromSeconds(25), new SimulatorOptions().QrStatusHold); // default below the client's 35 s
    }

    [Fact]
    public async Task Sim04_ScanThenConfirmGivesCredentialsPointingAtSimulator()
    {
        await using var sim = await TestSim.StartAsync(o => o.QrStatusHold = TimeSpan.FromSeconds(10));
        using var c = new WireClient(sim.BaseUrl);
        var code = (await c.GetAsync("get_bot_qrcode?bot_type=3")).Json!["qrcode"]!.GetValue<string>();

        // A held poll wakes as soon as the phone scans.
        var poll = c.GetAsync("get_qrcode_status?qrcode=" + code);
        await Waits.ForRequestsAsync(sim, "get_qrcode_status", 1);
        await sim.Control.ScanAsync(code);
        Assert.Equal("scaned", (await poll).Json!["status"]!.GetValue<string>());

        var bot = await sim.Control.ConfirmAsync(code, userId: "o9xUser@im.wechat");
        var confirmed = (await c.GetAsync("get_qrcode_status?qrcode=" + code)).Json!;
        Assert.Equal("confirmed", confirmed["status"]!.GetValue<string>());
        Assert.Equal(bot.BotToken, confirmed["bot_token"]!.GetValue<string>());
        Assert.EndsWith("@im.bot", confirmed["ilink_bot_id"]!.GetValue<string>());
        Assert.Equal("o9xUser@im.wechat", confirmed["ilink_user_id"]!.GetValue<string>());
        Assert.Equal(sim.BaseUrl.ToString().TrimEnd('/'), confirmed["baseurl"]!.GetValue<string>());

        // The credentials work at the returned base URL.
        using var api = new WireClient(new Uri(confirmed["baseurl"]!.GetValue<string>()), confirmed["bot_token"]!.GetValue<string>());
        Assert.Equal(0, (await api.PostAsync("getconfig")).Json!["ret"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sim04_ExpiresAfterTtlAndUnknownCodesAreExpired()
    {
        await using var sim = await TestSim.StartAsync(o => o.QrTtl = TimeSpan.FromSeconds(60));
        using var c = new WireClient(sim.BaseUrl);
        Assert.Equal("expired", (await c.GetAsync("get_qrcode_status?qrcode=nope")).Json!["status"]!.GetValue<string>());

        var code = (await c.GetAsync("get_bot_qrcode?bot_type=3")).Json!["qrcode"]!.GetValue<string>();
        await sim.Control.AdvanceClockAsync(TimeSpan.FromSeconds(61));
        Assert.Equal("expired", (await c.GetAsync("get_qrcode_status?qrcode=" + code)).Json!["status"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromSeconds(60), new SimulatorOptions().QrTtl);

        var second = (await c.GetAsync("get_bot_qrcode?bot_type=3")).Json!["qrcode"]!.GetValue<string>();
        await sim.Control.ExpireQrAsync(second);
        Assert.Equal("expired", (await c.GetAsync("get_qrcode_status?qrcode=" + second)).Json!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sim04_RedirectNamesAHostThisSimulatorServes()
    {
        await using var sim = await TestSim.StartAsync(o => o.PathPrefix = "/p");
        using var c = new WireClient(sim.BaseUrl);
        var code = (await c.GetAsync("get_bot_qrcode?bot_type=3")).Json!["qrcode"]!.GetValue<string>();
        await sim.Control.RedirectQrAsync(code);
        var answer = (await c.GetAsync("get_qrcode_status?qrcode=" + code)).Json!;
        Assert.Equal("scaned_but_redirect", answer["status"]!.GetValue<string>());
        var host = answer["redirect_host"]!.GetValue<string>();

        // The client moves to http://<redirect_host> (scheme kept for a loopback http base) with the same code.
        using var moved = new WireClient(new Uri("http://" + host));
        await sim.Control.ScanAsync(code);
        Assert.Equal("scaned", (await moved.GetAsync("get_qrcode_status?qrcode=" + code)).Json!["status"]!.GetValue<string>());
        Assert.Contains(host, (await sim.Control.QrDetailsAsync(code)).PollHosts);
    }

    [Fact]
    public async Task Sim04_VerifyCodeCheckedAndBlockedAfterThreeWrong()
    {
        await using var sim = await TestSim.StartAsync();
        using var c = new WireClient(sim.BaseUrl);
        var code = (await c.GetAsync("get_bot_qrcode?bot_type=3")).Json!["qrcode"]!.GetValue<string>();
        await sim.Control.ScanAsync(code);
        await sim.Control.RequireVerifyCodeAsync(code, "4711");
        Assert.Equal("need_verifycode", (await c.GetAsync("get_qrcode_status?qrcode=" + code)).Json!["status"]!.GetValue<string>());
        Assert.Equal("need_verifycode", (await c.GetAsync($"get_qrcode_status?qrcode={code}&verify_code=1111")).Json!["status"]!.GetValue<string>());
        Assert.Equal("scaned", (await c.GetAsync($"get_qrcode_status?qrcode={code}&verify_code=4711")).Json!["status"]!.GetValue<string>());

        var other = (await c.GetAsync("get_bot_qrcode?bot_type=3")).Json!["qrcode"]!.GetValue<string>();
        await sim.Control.RequireVerifyCodeAsync(other, "2468");
        Assert.Equal("need_verifycode", (await c.GetAsync($"get_qrcode_status?qrcode={other}&verify_code=1")).Json!["status"]!.GetValue<string>());
        Assert.Equal("need_verifycode", (await c.GetAsync($"get_qrcode_status?qrcode={other}&verify_code=2")).Json!["status"]!.GetValue<string>());
        Assert.Equal("verify_code_blocked", (await c.GetAsync($"get_qrcode_status?qrcode={other}&verify_code=3")).Json!["status"]!.GetValue<string>());
        Assert.Equal("verify_code_blocked", (await c.GetAsync($"get_qrcode_status?qrcode={other}&verify_code=2468")).Json!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sim04_BindedRedirectWhenLocalTokenListHoldsTheBotsLiveToken()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl);
        var list = new JsonArray("stale-token", bot.BotToken);
        var code = (await c.PostAsync("get_bot_qrcode?bot_type=3", new JsonObject { ["local_token_list"] = list }, baseInfo: false)).Json!["qrcode"]!.GetValue<string>();
        var again = await sim.Control.ConfirmAsync(code, sameBotAs: bot.BotId);
        Assert.Equal(bot, again); // same credentials, nothing new issued
        var answer = (await c.GetAsync("get_qrcode_status?qrcode=" + code)).Json!;
        Assert.Equal("binded_redirect", answer["status"]!.GetValue<string>());
        Assert.Null(answer["bot_token"]);

        // Without the token in the list the same bot is re-bound: a new token, and the old one is dead.
        var code2 = (await c.PostAsync("get_bot_qrcode?bot_type=3", new JsonObject { ["local_token_list"] = new JsonArray() }, baseInfo: false)).Json!["qrcode"]!.GetValue<string>();
        var rebound = await sim.Control.ConfirmAsync(code2, sameBotAs: bot.BotId);
        Assert.Equal(bot.BotId, rebound.BotId);
        Assert.NotEqual(bot.BotToken, rebound.BotToken);
        Assert.Equal("confirmed", (await c.GetAsync("get_qrcode_status?qrcode=" + code2)).Json!["status"]!.GetValue<string>());
        using var old = new WireClient(sim.BaseUrl, bot.BotToken);
        Assert.Equal(-14, (await old.PostAsync("getconfig")).Json!["ret"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sim04_AutoConfirmForDemos()
    {
        await using var sim = await TestSim.StartAsync(o =>
        {
            o.AutoConfirmAfter = TimeSpan.FromMilliseconds(100);
            o.QrStatusHold = TimeSpan.FromSeconds(10);
        });
        using var c = new WireClient(sim.BaseUrl);
        var code = (await c.GetAsync("get_bot_qrcode?bot_type=3")).Json!["qrcode"]!.GetValue<string>();
        string status;
        do status = (await c.GetAsync("get_qrcode_status?qrcode=" + code)).Json!["status"]!.GetValue<string>();
        while (status is "wait" or "scaned");
        Assert.Equal("confirmed", status);
    }
}
