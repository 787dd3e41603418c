using ClawBot.Core.Errors;
using ClawBot.Core.Tests.Support;
using ClawBot.Simulator.Control;

namespace ClawBot.Core.Tests.Integration;

/// <summary>PROTOCOL.md §8: getconfig, sendtyping, notifystart/notifystop.</summary>
public sealed class TypingAndLifecycleTests
{
    [Fact]
    public async Task Typing_ticket_then_start_and_cancel_are_recorded()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        var ctx = (await sim.Control.SendTextToBotAsync(bot.BotId, "u@im.wechat", "hi")).ContextToken;
        var ticket = await client.GetTypingTicketAsync("u@im.wechat", ctx, CancellationToken.None);
        Assert.False(string.IsNullOrEmpty(ticket));
        await client.SendTypingAsync("u@im.wechat", ticket!, typing: true, CancellationToken.None);
        await client.SendTypingAsync("u@im.wechat", ticket!, typing: false, CancellationToken.None);
        var events = await sim.Control.TypingAsync(bot.BotId);
        Assert.Equal(new[] { 1, 2 }, events.Select(e => e.Status));
        Assert.All(events, e => Assert.Equal("u@im.wechat", e.UserId));
        Assert.Empty((await sim.Control.StatsAsync()).StrictViolations);
    }

    [Fact]
    public async Task Notify_start_and_stop_track_online_state()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, log) = await Sim.BotAsync(sim);
        await client.NotifyStartAsync(CancellationToken.None);
        Assert.True((await sim.Control.BotStateAsync(bot.BotId)).Online);
        await client.NotifyStopAsync(CancellationToken.None);
        var state = await sim.Control.BotStateAsync(bot.BotId);
        Assert.False(state.Online);
        Assert.Equal(1, state.NotifyStarts);
        Assert.Equal(1, state.NotifyStops);
        Assert.Contains(log.Calls, c => c.Path.EndsWith("/ilink/bot/msg/notifystart") && c.StatusCode == 200);
    }

    [Theory]
    [InlineData("getconfig")]
    [InlineData("sendtyping")]
    [InlineData("notifystart")]
    [InlineData("notifystop")]
    public async Task Each_short_call_retries_a_5xx_and_reports_minus_14(string endpoint)
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, log) = await Sim.BotAsync(sim);
        var ctx = (await sim.Control.SendTextToBotAsync(bot.BotId, "u@im.wechat", "hi")).ContextToken;
        var ticket = await client.GetTypingTicketAsync("u@im.wechat", ctx, CancellationToken.None);
        Func<Task> call = endpoint switch
        {
            "getconfig" => () => client.GetTypingTicketAsync("u@im.wechat", ctx, CancellationToken.None),
            "sendtyping" => () => client.SendTypingAsync("u@im.wechat", ticket!, true, CancellationToken.None),
            "notifystart" => () => client.NotifyStartAsync(CancellationToken.None),
            _ => () => client.NotifyStopAsync(CancellationToken.None),
        };
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = endpoint, Kind = SimFaultKind.Status, Status = 503 });
        await call();
        Assert.Single(log.Retries, r => r.Operation == endpoint);

        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = endpoint, Kind = SimFaultKind.SessionExpired });
        await Assert.ThrowsAsync<SessionExpiredException>(call);

        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = endpoint, Kind = SimFaultKind.Delay, Delay = TimeSpan.FromSeconds(3), Count = 5 });
        client.Options.ShortTimeout = TimeSpan.FromMilliseconds(200);
        client.Options.Retry.MaxAttempts = 1;
        var timeout = await Assert.ThrowsAsync<TransportException>(call);
        Assert.Null(timeout.StatusCode);
    }
}
