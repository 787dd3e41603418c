using System.Text.Json.Nodes;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.Tests.Support;

namespace ClawBot.Simulator.Tests;

/// <summary>SIM-11: every endpoint can fail with a status, a reset, a slow reply or malformed JSON.</summary>
public sealed class FaultTests
{
    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(524)]
    public async Task Sim11_StatusFaultsForTheNextNCalls(int status)
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getconfig", Kind = SimFaultKind.Status, Status = status, Count = 2 });
        var first = await c.PostAsync("getconfig");
        Assert.Equal(status, first.Status);
        Assert.False(string.IsNullOrEmpty(first.Text)); // with a body the client can log
        Assert.Equal(status, (await c.PostAsync("getconfig")).Status);
        Assert.Equal(0, (await c.PostAsync("getconfig")).Json!["ret"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sim11_ConnectionReset()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "sendmessage", Kind = SimFaultKind.Reset });
        await Assert.ThrowsAsync<HttpRequestException>(() => c.SendTextAsync("o9xA@im.wechat", "x", null));
    }

    [Fact]
    public async Task Sim11_ReplySlowerThanTheClientTimeout()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getconfig", Kind = SimFaultKind.Delay, Delay = TimeSpan.FromSeconds(30) });
        using var clientTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => c.PostAsync("getconfig", ct: clientTimeout.Token));

        // A short delay is answered normally afterwards.
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getconfig", Kind = SimFaultKind.Delay, Delay = TimeSpan.FromMilliseconds(50) });
        Assert.Equal(0, (await c.PostAsync("getconfig")).Json!["ret"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sim11_MalformedJsonAndApiErrors()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Malformed });
        var bad = await c.PostAsync("getupdates", new JsonObject { ["get_updates_buf"] = "" });
        Assert.Equal(200, bad.Status);
        Assert.Null(bad.Json);

        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getuploadurl", Kind = SimFaultKind.ApiError, Ret = -3 });
        Assert.Equal(-3, (await c.PostAsync("getuploadurl")).Json!["ret"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sim11_QrEndpointsFailToo()
    {
        await using var sim = await TestSim.StartAsync();
        using var c = new WireClient(sim.BaseUrl);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "get_bot_qrcode", Kind = SimFaultKind.Status, Status = 503 });
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "get_qrcode_status", Kind = SimFaultKind.Status, Status = 524 });
        Assert.Equal(503, (await c.GetAsync("get_bot_qrcode?bot_type=3")).Status);
        var code = (await c.GetAsync("get_bot_qrcode?bot_type=3")).Json!["qrcode"]!.GetValue<string>();
        Assert.Equal(524, (await c.GetAsync("get_qrcode_status?qrcode=" + code)).Status);
        await sim.Control.ClearFaultsAsync();
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "get_qrcode_status", Kind = SimFaultKind.Status, Status = 500, Count = 5 });
        await sim.Control.ClearFaultsAsync();
        Assert.Equal(200, (await c.GetAsync("get_qrcode_status?qrcode=" + code)).Status);
    }
}
