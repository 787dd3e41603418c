using System.Text.Json.Nodes;
using ClawBot.Simulator.Tests.Support;

namespace ClawBot.Simulator.Tests;

/// <summary>SIM-19 typing, SIM-20 notifystart/notifystop.</summary>
public sealed class LifecycleTests
{
    private const string User = "o9xUser@im.wechat";

    [Fact]
    public async Task Sim19_GetConfigGivesTicketAndSendTypingRecordsEvents()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        var inbound = await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi");
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);

        var config = (await c.PostAsync("getconfig", new JsonObject { ["ilink_user_id"] = User, ["context_token"] = inbound.ContextToken })).Json!;
        Assert.Equal(0, config["ret"]!.GetValue<int>());
        var ticket = config["typing_ticket"]!.GetValue<string>();
        Assert.NotEmpty(Convert.FromBase64String(ticket));

        JsonObject Typing(string t, int status) => new() { ["ilink_user_id"] = User, ["typing_ticket"] = t, ["status"] = status };
        Assert.Equal(0, (await c.PostAsync("sendtyping", Typing(ticket, 1))).Json!["ret"]!.GetValue<int>());
        Assert.Equal(0, (await c.PostAsync("sendtyping", Typing(ticket, 2))).Json!["ret"]!.GetValue<int>());
        Assert.NotEqual(0, (await c.PostAsync("sendtyping", Typing("forged", 1))).Json!["ret"]!.GetValue<int>());

        var events = await sim.Control.TypingAsync(bot.BotId);
        Assert.Equal(new[] { 1, 2 }, events.Select(e => e.Status));
        Assert.All(events, e => Assert.Equal(User, e.UserId));
        Assert.True(events[1].At >= events[0].At);
    }

    [Fact]
    public async Task Sim20_NotifyStartAndStopRecordOnlineState()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        Assert.False((await sim.Control.BotStateAsync(bot.BotId)).Online);

        var start = await c.PostAsync("msg/notifystart");
        Assert.Equal(0, start.Json!["ret"]!.GetValue<int>());
        Assert.True((await sim.Control.BotStateAsync(bot.BotId)).Online);

        Assert.Equal(0, (await c.PostAsync("msg/notifystop")).Json!["ret"]!.GetValue<int>());
        var state = await sim.Control.BotStateAsync(bot.BotId);
        Assert.False(state.Online);
        Assert.Equal((1, 1), (state.NotifyStarts, state.NotifyStops));
    }
}
