using ClawBot.Core.Errors;
using ClawBot.Core.Messaging;
using ClawBot.Core.Tests.Support;
using ClawBot.Simulator.Control;

namespace ClawBot.Core.Tests.Integration;

/// <summary>PROTOCOL.md §4, §9: getupdates, its cursor, its timeouts and every injected fault.</summary>
public sealed class GetUpdatesTests
{
    [Fact]
    public async Task Receives_text_with_lossless_ids_and_a_context_token()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        var sent = await sim.Control.SendTextToBotAsync(bot.BotId, "o9xAlice@im.wechat", "hello bot");

        var (messages, cursor) = await Sim.ReceiveAsync(client, "", 1);
        var m = Assert.Single(messages);
        Assert.Equal(sent.MessageId, m.MessageId);
        Assert.True(ulong.Parse(m.MessageId) > (1UL << 53), "the simulator sends ids above 2^53");
        Assert.Equal("hello bot", m.Text);
        Assert.Equal(MessageKind.Text, m.Kind);
        Assert.Equal("o9xAlice@im.wechat", m.FromUserId);
        Assert.Equal(sent.ContextToken, m.ContextToken);
        Assert.NotEqual("", cursor);
        Assert.True(m.CreatedAt > DateTimeOffset.UnixEpoch);
        Assert.Empty((await sim.Control.StatsAsync()).StrictViolations);
    }

    [Fact]
    public async Task The_cursor_advances_and_an_old_cursor_replays()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        await sim.Control.SendTextToBotAsync(bot.BotId, "u@im.wechat", "one");
        var (first, cursor1) = await Sim.ReceiveAsync(client, "", 1);

        // Nothing new: the server holds, then answers empty; the cursor is kept or replaced by a non-empty one.
        var empty = await client.GetUpdatesAsync(cursor1, CancellationToken.None);
        Assert.Empty(empty.Messages);
        Assert.False(string.IsNullOrEmpty(empty.Cursor));

        await sim.Control.SendTextToBotAsync(bot.BotId, "u@im.wechat", "two");
        var (second, _) = await Sim.ReceiveAsync(client, empty.Cursor, 1);
        Assert.Equal("two", Assert.Single(second).Text);

        var (replayed, _) = await Sim.ReceiveAsync(client, "", 2);
        Assert.Equal(new[] { "one", "two" }, replayed.Select(m => m.Text));
        Assert.Equal(first[0].MessageId, replayed[0].MessageId);
    }

    [Fact]
    public async Task The_server_hint_sets_the_next_timeout()
    {
        await using var sim = await Sim.StartAsync(o => o.LongPollHint = TimeSpan.FromMilliseconds(1500));
        var (_, client, _) = await Sim.BotAsync(sim);
        Assert.Equal(client.Options.LongPollTimeout, client.NextLongPollTimeout);
        var batch = await client.GetUpdatesAsync("", CancellationToken.None);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), batch.LongPollHint);
        Assert.Equal(TimeSpan.FromMilliseconds(1500) + client.Options.LongPollMargin, client.NextLongPollTimeout);
    }

    [Fact]
    public async Task A_client_timeout_is_an_empty_batch_with_the_cursor_unchanged()
    {
        await using var sim = await Sim.StartAsync(o => o.LongPollHold = TimeSpan.FromSeconds(5));
        var (_, client, log) = await Sim.BotAsync(sim, o => o.LongPollTimeout = TimeSpan.FromMilliseconds(200));
        var batch = await client.GetUpdatesAsync("cursor-x", CancellationToken.None);
        Assert.True(batch.TimedOut);
        Assert.Empty(batch.Messages);
        Assert.Equal("cursor-x", batch.Cursor);
        Assert.Empty(log.Retries); // a timeout is not an error and is not retried
        Assert.Contains(log.Calls, c => c.Failure == "timeout" && c.Path.EndsWith("/ilink/bot/getupdates"));
    }

    [Fact]
    public async Task Caller_cancellation_is_not_a_timeout()
    {
        await using var sim = await Sim.StartAsync(o => o.LongPollHold = TimeSpan.FromSeconds(10));
        var (_, client, _) = await Sim.BotAsync(sim);
        using var cts = new CancellationTokenSource();
        var poll = client.GetUpdatesAsync("", cts.Token);
        await Waits.ForRequestsAsync(sim, "getupdates", 1);
        cts.Cancel();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);
        Assert.Equal(cts.Token, ex.CancellationToken);
    }

    [Fact]
    public async Task Session_expiry_throws_and_is_never_retried()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, log) = await Sim.BotAsync(sim);
        await sim.Control.ExpireSessionAsync(bot.BotId);
        var ex = await Assert.ThrowsAsync<SessionExpiredException>(() => client.GetUpdatesAsync("", CancellationToken.None));
        Assert.Equal("getupdates", ex.Operation);
        Assert.Empty(log.Retries);
    }

    [Fact]
    public async Task Injected_minus_14_throws()
    {
        await using var sim = await Sim.StartAsync();
        var (_, client, _) = await Sim.BotAsync(sim);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.SessionExpired });
        await Assert.ThrowsAsync<SessionExpiredException>(() => client.GetUpdatesAsync("", CancellationToken.None));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(524)]
    public async Task Server_errors_are_retried_then_succeed(int status)
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, log) = await Sim.BotAsync(sim);
        await sim.Control.SendTextToBotAsync(bot.BotId, "u@im.wechat", "after faults");
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Status, Status = status, Count = 2 });
        var batch = await client.GetUpdatesAsync("", CancellationToken.None);
        Assert.Equal("after faults", Assert.Single(batch.Messages).Text);
        Assert.Equal(2, log.Retries.Count(r => r.Operation == "getupdates" && !r.GivingUp));
        Assert.Equal(2, log.Calls.Count(c => c.StatusCode == status));
    }

    [Fact]
    public async Task An_exhausted_retry_budget_is_a_transport_failure()
    {
        await using var sim = await Sim.StartAsync();
        var (_, client, log) = await Sim.BotAsync(sim);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Status, Status = 503, Count = 5 });
        var ex = await Assert.ThrowsAsync<TransportException>(() => client.GetUpdatesAsync("", CancellationToken.None));
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(3, log.Retries.Count);
        Assert.True(log.Retries.Last().GivingUp);
    }

    [Fact]
    public async Task A_connection_reset_is_retried()
    {
        await using var sim = await Sim.StartAsync();
        var (_, client, log) = await Sim.BotAsync(sim);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Reset, Count = 1 });
        var batch = await client.GetUpdatesAsync("", CancellationToken.None);
        Assert.False(batch.TimedOut);
        Assert.Single(log.Retries);
        Assert.Contains(log.Calls, c => c.StatusCode is null && c.Failure != null);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        await using var sim = await Sim.StartAsync();
        var (_, client, log) = await Sim.BotAsync(sim);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Status, Status = 400, Count = 3 });
        var ex = await Assert.ThrowsAsync<TransportException>(() => client.GetUpdatesAsync("", CancellationToken.None));
        Assert.Equal(400, ex.StatusCode);
        Assert.Empty(log.Retries);
    }

    [Fact]
    public async Task Malformed_json_is_reported_not_retried()
    {
        await using var sim = await Sim.StartAsync();
        var (_, client, log) = await Sim.BotAsync(sim);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Malformed });
        await Assert.ThrowsAsync<MalformedResponseException>(() => client.GetUpdatesAsync("", CancellationToken.None));
        Assert.Empty(log.Retries);
    }

    [Fact]
    public async Task A_business_error_is_an_api_error()
    {
        await using var sim = await Sim.StartAsync();
        var (_, client, _) = await Sim.BotAsync(sim);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.ApiError, Ret = -3 });
        var ex = await Assert.ThrowsAsync<ApiErrorException>(() => client.GetUpdatesAsync("", CancellationToken.None));
        Assert.Equal(-3, ex.Code);
    }

    [Fact]
    public async Task A_reply_slower_than_the_timeout_is_an_empty_batch()
    {
        await using var sim = await Sim.StartAsync();
        var (_, client, _) = await Sim.BotAsync(sim, o => o.LongPollTimeout = TimeSpan.FromMilliseconds(300));
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Delay, Delay = TimeSpan.FromSeconds(3) });
        Assert.True((await client.GetUpdatesAsync("c", CancellationToken.None)).TimedOut);
    }
}
