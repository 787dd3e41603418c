using ClawBot.Core.Messaging;
using ClawBot.Core.Tests.Support;
using ClawBot.Simulator.Control;

namespace ClawBot.Core.Tests.Integration;

public sealed class TypingIndicatorTests
{
    [Fact]
    public async Task Shows_typing_while_work_runs_then_cancels_and_caches_the_ticket()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        var ctx = (await sim.Control.SendTextToBotAsync(bot.BotId, "u@im.wechat", "hi")).ContextToken;
        var typing = new TypingIndicator(client) { KeepAlive = TimeSpan.FromMilliseconds(20) };

        // The work ends only after the keep-alive has repeated "typing" at least once.
        var result = await typing.WhileAsync("u@im.wechat", ctx, async ct =>
        {
            while ((await sim.Control.TypingAsync(bot.BotId, ct)).Count < 2) await Task.Yield();
            return 42;
        }, CancellationToken.None);
        await typing.WhileAsync("u@im.wechat", ctx, _ => Task.FromResult(0), CancellationToken.None);

        Assert.Equal(42, result);
        var statuses = (await sim.Control.TypingAsync(bot.BotId)).Select(e => e.Status).ToList();
        Assert.True(statuses.Count(s => s == 1) >= 3);
        Assert.Equal(2, statuses.Count(s => s == 2));
        Assert.Equal(2, statuses.Last());
        Assert.Equal(1, (await sim.Control.StatsAsync()).RequestsByEndpoint.GetValueOrDefault("getconfig"));
    }

    [Fact]
    public async Task A_failing_typing_call_never_fails_the_work()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        var ctx = (await sim.Control.SendTextToBotAsync(bot.BotId, "u@im.wechat", "hi")).ContextToken;
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getconfig", Kind = SimFaultKind.ApiError, Ret = -2, Count = 1 });

        var result = await new TypingIndicator(client).WhileAsync("u@im.wechat", ctx, _ => Task.FromResult("sent"), CancellationToken.None);

        Assert.Equal("sent", result);
        Assert.Empty(await sim.Control.TypingAsync(bot.BotId));
    }
}
