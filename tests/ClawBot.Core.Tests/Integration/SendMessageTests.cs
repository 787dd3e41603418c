using System.Text.RegularExpressions;
using ClawBot.Core.Errors;
using ClawBot.Core.Tests.Support;
using ClawBot.Simulator.Control;

namespace ClawBot.Core.Tests.Integration;

/// <summary>PROTOCOL.md §6: sendmessage, chunking on the wire, client_id rules, ret errors and retries.</summary>
public sealed class SendMessageTests
{
    private const string User = "o9xAlice@im.wechat";

    private static async Task<string> ContextTokenAsync(Simulator.SimulatorServer sim, SimBot bot) =>
        (await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi")).ContextToken;

    [Fact]
    public async Task A_short_text_is_one_finished_message()
    {
        await using var sim = await Sim.StartAsync(o => o.ReturnMessageIds = true);
        var (bot, client, _) = await Sim.BotAsync(sim);
        var ctx = await ContextTokenAsync(sim, bot);

        var result = await client.SendTextAsync(User, ctx, "hello there", CancellationToken.None);
        var sent = Assert.Single(await sim.Control.SentAsync(bot.BotId, User));
        Assert.Equal("hello there", sent.Text);
        Assert.Equal(2, sent.MessageState);
        Assert.Equal(1, sent.ItemType);
        Assert.Equal(1, sent.ItemCount);
        Assert.Equal(result.ClientIds.Single(), sent.ClientId);
        Assert.Matches(new Regex("^openclaw-weixin:[0-9]{13}-[0-9a-f]{8}$"), sent.ClientId);
        Assert.Equal(sent.MessageId, result.MessageIds.Single());
        Assert.Equal(User, result.ToUserId);
        Assert.Empty((await sim.Control.StatsAsync()).StrictViolations);
    }

    [Fact]
    public async Task Long_text_goes_in_chunks_generating_then_finish_with_unique_ids()
    {
        await using var sim = await Sim.StartAsync(o => o.MaxTextLength = 1000);
        var (bot, client, _) = await Sim.BotAsync(sim);
        var ctx = await ContextTokenAsync(sim, bot);
        var text = string.Join("\n\n", Enumerable.Range(0, 30).Select(i => $"Paragraph {i}: " + new string('x', 80) + " 你好 😀"));

        var result = await client.SendTextAsync(User, ctx, text, CancellationToken.None);
        var sent = await sim.Control.SentAsync(bot.BotId, User);
        Assert.True(sent.Count >= 3);
        Assert.Equal(result.ClientIds, sent.Select(s => s.ClientId));
        Assert.Equal(sent.Count, sent.Select(s => s.ClientId).Distinct().Count());
        Assert.All(sent.Take(sent.Count - 1), s => Assert.Equal(1, s.MessageState));
        Assert.Equal(2, sent[^1].MessageState);
        Assert.Equal(text, string.Concat(sent.Select(s => s.Text)));
        Assert.Empty(await sim.Control.DroppedAsync(bot.BotId));
    }

    [Fact]
    public async Task Empty_text_is_refused_without_a_call()
    {
        await using var sim = await Sim.StartAsync();
        var (_, client, log) = await Sim.BotAsync(sim);
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendTextAsync(User, null, "", CancellationToken.None));
        Assert.Empty(log.Calls);
    }

    [Fact]
    public async Task A_retry_after_a_timeout_reuses_the_client_id_so_the_server_drops_the_duplicate()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, log) = await Sim.BotAsync(sim, o => o.SendTimeout = TimeSpan.FromMilliseconds(500));
        var ctx = await ContextTokenAsync(sim, bot);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "sendmessage", Kind = SimFaultKind.Delay, Delay = TimeSpan.FromSeconds(1.5) });

        var result = await client.SendTextAsync(User, ctx, "exactly once", CancellationToken.None);
        Assert.Contains(log.Retries, r => r.Operation == "sendmessage" && !r.GivingUp);

        // The abandoned first attempt never becomes a second message: exactly one delivery, under the one client_id.
        var sent = Assert.Single(await sim.Control.SentAsync(bot.BotId, User));
        Assert.Equal(result.ClientIds.Single(), sent.ClientId);
    }

    [Fact]
    public async Task A_5xx_is_retried_with_the_same_client_id()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, log) = await Sim.BotAsync(sim);
        var ctx = await ContextTokenAsync(sim, bot);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "sendmessage", Kind = SimFaultKind.Status, Status = 502, Count = 2 });
        var result = await client.SendTextAsync(User, ctx, "after 502s", CancellationToken.None);
        Assert.Equal(result.ClientIds.Single(), Assert.Single(await sim.Control.SentAsync(bot.BotId, User)).ClientId);
        Assert.Equal(2, log.Retries.Count);
    }

    [Fact]
    public async Task A_ret_error_is_a_failure_never_retried()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, log) = await Sim.BotAsync(sim);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "sendmessage", Kind = SimFaultKind.ApiError, Ret = -2 });
        var ex = await Assert.ThrowsAsync<ApiErrorException>(() => client.SendTextAsync(User, null, "x", CancellationToken.None));
        Assert.Equal(-2, ex.Code);
        Assert.Empty(log.Retries);
    }

    [Fact]
    public async Task Minus_14_on_send_is_session_expired()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        await sim.Control.ExpireSessionAsync(bot.BotId);
        await Assert.ThrowsAsync<SessionExpiredException>(() => client.SendTextAsync(User, null, "x", CancellationToken.None));
    }

    [Fact]
    public async Task A_failure_after_some_chunks_is_a_partial_send()
    {
        // The send allowance (SIM-21) runs out after the first chunk: the service answers ret -2.
        await using var sim = await Sim.StartAsync(o => o.SendAllowance = 1);
        var (bot, client, _) = await Sim.BotAsync(sim, o => o.ChunkSize = 10);
        var ctx = await ContextTokenAsync(sim, bot);
        var ex = await Assert.ThrowsAsync<PartialSendException>(() => client.SendTextAsync(User, ctx, new string('a', 25), CancellationToken.None));
        Assert.Equal(1, ex.PartsSent);
        Assert.Equal(3, ex.PartCount);
        Assert.IsType<ApiErrorException>(ex.InnerException);
        Assert.Single(await sim.Control.SentAsync(bot.BotId, User));
    }

    [Fact]
    public async Task Missing_context_token_is_omitted_and_rejected_by_a_strict_service()
    {
        await using var sim = await Sim.StartAsync(o => o.RequireContextToken = true);
        var (_, client, _) = await Sim.BotAsync(sim);
        await Assert.ThrowsAsync<ApiErrorException>(() => client.SendTextAsync("o9xNobody@im.wechat", null, "push", CancellationToken.None));
    }
}
