using System.Text.Json.Nodes;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.Tests.Support;

namespace ClawBot.Simulator.Tests;

/// <summary>SIM-07 long-poll, SIM-08 cursor, SIM-09 inbound shape, SIM-10 session expiry.</summary>
public sealed class UpdatesTests
{
    [Fact]
    public async Task Sim07_LongPollWakesWhenAMessageIsQueued()
    {
        await using var sim = await TestSim.StartAsync(o => o.LongPollHold = TimeSpan.FromSeconds(20));
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        var started = DateTime.UtcNow;
        var poll = c.PollAsync("");
        await Waits.ForRequestsAsync(sim, "getupdates", 1);
        Assert.False(poll.IsCompleted);
        await sim.Control.SendTextToBotAsync(bot.BotId, "o9xA@im.wechat", "wake up");
        var (msgs, _, _) = await poll;
        Assert.Single(msgs);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), "woken, not held to the end");
    }

    [Fact]
    public async Task Sim07_EmptyHoldAnswersRetZeroWithCursorAndHint()
    {
        await using var sim = await TestSim.StartAsync(o => o.LongPollHint = TimeSpan.FromSeconds(35));
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        var (msgs, cursor, json) = await c.PollAsync("");
        Assert.Empty(msgs);
        Assert.Equal(0, json["ret"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(cursor));
        Assert.Equal(35000, json["longpolling_timeout_ms"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sim07_DefaultHoldEndsBeforeTheOfficialTimeoutSoItsEmptyAnswerArrives()
    {
        // The official client gives up after 35 s (PROTOCOL.md §2.4); the hold must end first, with time to spare.
        var hold = new SimulatorOptions().LongPollHold;
        Assert.InRange(hold, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(33));

        // The same ratio, scaled down: a client whose timeout is 35/30 of the hold gets the server's own empty answer.
        await using var sim = await TestSim.StartAsync(o => o.LongPollHold = TimeSpan.FromMilliseconds(600));
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(600 * 35 / 30 + 2000));
        var (msgs, cursor, json) = await c.PollAsync("", timeout.Token);
        Assert.Empty(msgs);
        Assert.Equal(0, json["ret"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(cursor));
    }

    [Fact]
    public async Task Sim07_AClientThatTimesOutFirstLosesNothing()
    {
        // A client with a timeout shorter than the hold (e.g. the official 35 s against a slower server) gives up,
        // keeps its cursor and polls again at once (§4): what was queued meanwhile comes on the next poll.
        await using var sim = await TestSim.StartAsync(o => o.LongPollHold = TimeSpan.FromSeconds(30));
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        await sim.Control.SendTextToBotAsync(bot.BotId, "o9xA@im.wechat", "one");
        var (first, cursor, _) = await c.PollAsync("");
        Assert.Single(first);

        using (var shortTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => c.PollAsync(cursor, shortTimeout.Token));
        await sim.Control.SendTextToBotAsync(bot.BotId, "o9xA@im.wechat", "two");
        var (next, _, _) = await c.PollAsync(cursor);
        Assert.Equal("two", next.Single()!["item_list"]![0]!["text_item"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sim07_ClientHangingUpEndsTheHold()
    {
        await using var sim = await TestSim.StartAsync(o => o.LongPollHold = TimeSpan.FromSeconds(30));
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        using var cts = new CancellationTokenSource();
        var poll = c.PollAsync("", cts.Token);
        await Waits.ForRequestsAsync(sim, "getupdates", 1);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);
        // The server is still healthy and disposes promptly (asserted by the test finishing).
        await sim.Control.SendTextToBotAsync(bot.BotId, "o9xA@im.wechat", "after");
        Assert.Single((await c.PollAsync("")).Msgs);
    }

    [Fact]
    public async Task Sim08_CursorGivesOnlyNewerMessagesAndEachAnswerANewCursor()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        await sim.Control.SendTextToBotAsync(bot.BotId, "o9xA@im.wechat", "one");
        var (first, c1, _) = await c.PollAsync("");
        Assert.Single(first);
        await sim.Control.SendTextToBotAsync(bot.BotId, "o9xA@im.wechat", "two");
        var (second, c2, _) = await c.PollAsync(c1);
        Assert.Equal("two", second.Single()!["item_list"]![0]!["text_item"]!["text"]!.GetValue<string>());
        var (none, c3, _) = await c.PollAsync(c2);
        Assert.Empty(none);
        Assert.NotEqual(c2, c3); // new cursor even when nothing moved
        Assert.Empty((await c.PollAsync(c3)).Msgs);
    }

    [Fact]
    public async Task Sim08_OlderCursorReplays()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        var (_, c0, _) = await c.PollAsync("");
        await sim.Control.SendTextToBotAsync(bot.BotId, "o9xA@im.wechat", "a");
        await sim.Control.SendTextToBotAsync(bot.BotId, "o9xA@im.wechat", "b");
        var (batch, c1, _) = await c.PollAsync(c0);
        Assert.Equal(2, batch.Count);
        var (replay, _, _) = await c.PollAsync(c0); // a crash before committing c1: delivered again
        Assert.Equal(batch.Select(m => m!["message_id"]!.ToJsonString()), replay.Select(m => m!["message_id"]!.ToJsonString()));
        Assert.Empty((await c.PollAsync(c1)).Msgs);
    }

    [Fact]
    public async Task Sim08_EmptyCursorDeliversPendingAndBatchSizeIsCapped()
    {
        await using var sim = await TestSim.StartAsync(o => o.MaxBatchSize = 3);
        var bot = await sim.Control.CreateBotAsync();
        await sim.Control.QueueTextsAsync(bot.BotId, "o9xA@im.wechat", 7, "m");
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        var texts = new List<string>();
        var cursor = "";
        for (var i = 0; i < 3; i++)
        {
            var (msgs, next, _) = await c.PollAsync(cursor);
            Assert.True(msgs.Count <= 3);
            texts.AddRange(msgs.Select(m => m!["item_list"]![0]!["text_item"]!["text"]!.GetValue<string>()));
            cursor = next;
        }
        Assert.Equal(Enumerable.Range(1, 7).Select(i => "m" + i), texts);
        Assert.Equal(3, (await c.PollAsync("")).Msgs.Count); // "" starts over at the beginning of the queue
    }

    [Fact]
    public async Task Sim09_InboundMessageCarriesTheDocumentedFieldsAndABareBigId()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        var a = await sim.Control.SendTextToBotAsync(bot.BotId, "o9xA@im.wechat", "first");
        var b = await sim.Control.SendTextToBotAsync(bot.BotId, "o9xA@im.wechat", "second");
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        var (_, _, json) = await c.PollAsync("");
        var raw = json.ToJsonString();
        Assert.Contains("\"message_id\":" + a.MessageId, raw); // bare number, not a string
        Assert.True(ulong.Parse(a.MessageId) > 1UL << 53);

        var m = json["msgs"]![0]!.AsObject();
        Assert.Equal(1, m["seq"]!.GetValue<long>());
        Assert.Equal(2, json["msgs"]![1]!["seq"]!.GetValue<long>());
        Assert.Equal("o9xA@im.wechat", m["from_user_id"]!.GetValue<string>());
        Assert.Equal(bot.BotId, m["to_user_id"]!.GetValue<string>());
        Assert.Equal(1, m["message_type"]!.GetValue<int>());
        Assert.Equal(2, m["message_state"]!.GetValue<int>());
        Assert.Equal(a.ContextToken, m["context_token"]!.GetValue<string>());
        Assert.NotEqual(a.ContextToken, b.ContextToken); // fresh per message
        var ms = m["create_time_ms"]!.GetValue<long>();
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(ms), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal("first", m["item_list"]![0]!["text_item"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sim10_SessionExpiryInjectedMidStreamAndOnOtherCalls()
    {
        await using var sim = await TestSim.StartAsync();
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        await sim.Control.SendTextToBotAsync(bot.BotId, "o9xA@im.wechat", "x");
        var (_, cursor, _) = await c.PollAsync("");

        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.SessionExpired });
        var (_, expired, _) = await c.PostAsync("getupdates", new JsonObject { ["get_updates_buf"] = cursor });
        Assert.Equal(-14, expired!["ret"]!.GetValue<int>());
        Assert.Equal(-14, expired["errcode"]!.GetValue<int>());
        Assert.Empty((await c.PollAsync(cursor)).Msgs); // one-shot: the same token and cursor work again

        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "sendmessage", Kind = SimFaultKind.SessionExpired });
        Assert.Equal(-14, (await c.SendTextAsync("o9xA@im.wechat", "hi", null)).Json!["ret"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sim10_ExpiringTheSessionAnswersAHeldPollAtOnce()
    {
        await using var sim = await TestSim.StartAsync(o => o.LongPollHold = TimeSpan.FromSeconds(20));
        var bot = await sim.Control.CreateBotAsync();
        using var c = new WireClient(sim.BaseUrl, bot.BotToken);
        var poll = c.PostAsync("getupdates", new JsonObject { ["get_updates_buf"] = "" });
        await Waits.ForRequestsAsync(sim, "getupdates", 1);
        await sim.Control.ExpireSessionAsync(bot.BotId);
        Assert.Equal(-14, (await poll).Json!["ret"]!.GetValue<int>());
    }
}
