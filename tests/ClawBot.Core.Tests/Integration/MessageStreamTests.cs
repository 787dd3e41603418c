using ClawBot.Core.Api;
using ClawBot.Core.Errors;
using ClawBot.Core.Messaging;
using ClawBot.Core.Monitor;
using ClawBot.Core.Storage;
using ClawBot.Core.Tests.Support;
using ClawBot.Simulator;
using ClawBot.Simulator.Control;

namespace ClawBot.Core.Tests.Integration;

/// <summary>
/// The delivery guarantees of MessageStream, without PowerShell: nothing lost, nothing repeated but the message being
/// handed on when the process dies, a stop repeats nothing, one receiver per profile, limits across several bots.
/// </summary>
public sealed class MessageStreamTests : IAsyncLifetime
{
    private const string Alice = "o9xAlice@im.wechat";
    private const string Bob = "o9xBob@im.wechat";

    private SimulatorServer _sim = null!;
    private readonly TempDir _dir = new();
    private ProfileStore Store => new(_dir.Path);

    public async Task InitializeAsync() => _sim = await Sim.StartAsync();

    public async Task DisposeAsync()
    {
        await _sim.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>A bot bound and stored as profile <paramref name="name"/>; the profile is written at most once an hour, so only the journal records progress.</summary>
    private async Task<(SimBot Bot, ILinkClient Client)> BoundAsync(string name = "p", TimeSpan? saveInterval = null, TimeSpan? longPoll = null)
    {
        var (bot, client, _) = await Sim.BotAsync(_sim, o =>
        {
            if (longPoll is { } wait) o.LongPollTimeout = wait;
            o.ReceiveBackoff = new InboxOptions
            {
                ErrorDelay = TimeSpan.FromMilliseconds(1),
                BackoffDelay = TimeSpan.FromMilliseconds(5),
                SaveInterval = saveInterval ?? TimeSpan.FromHours(1),
            };
        });
        Store.Save(new Profile { Name = name, BotToken = bot.BotToken, BotId = bot.BotId, BoundAt = DateTimeOffset.UtcNow });
        return (bot, client);
    }

    private StreamSource Source(ILinkClient client, string name = "p", IReadOnlyCollection<string>? senders = null) =>
        new(client, Store.TryLoad(name)!, Store, senders);

    private async Task<List<string>> QueueAsync(string bot, int count, string from = Alice, string prefix = "m")
    {
        await _sim.Control.QueueTextsAsync(bot, from, count, prefix);
        return Enumerable.Range(1, count).Select(i => $"{prefix}{i}").ToList();
    }

    /// <summary>Receives until <paramref name="idle"/> of quiet, collecting texts; hands every message on.</summary>
    private static async Task<List<string>> DrainAsync(IReadOnlyList<StreamSource> sources, TimeSpan idle, int first = 0)
    {
        var texts = new List<string>();
        using var stream = MessageStream.Open(sources, new MessageStreamOptions { IdleTimeout = idle, First = first });
        await stream.RunAsync((batch, _) =>
        {
            foreach (var m in batch.Messages)
            {
                texts.Add(m.Text);
                batch.HandedOn(m);
            }
            return Task.CompletedTask;
        }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        return texts;
    }

    [Theory]
    [InlineData(false)] // killed between two messages: nothing repeats
    [InlineData(true)]  // killed while a message was with its handler: that one message repeats
    public async Task A_killed_receiver_repeats_at_most_the_message_it_was_handing_on(bool killedMidHandOff)
    {
        var (bot, client) = await BoundAsync();
        var expected = await QueueAsync(bot.BotId, 250);
        var first = new List<string>();
        var hang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var stream = MessageStream.Open(new[] { Source(client) });
        var run = stream.RunAsync(async (batch, _) =>
        {
            foreach (var m in batch.Messages)
            {
                if (first.Count == 137)
                {
                    if (killedMidHandOff) first.Add(m.Text); // its handler ran, but the process died before it was recorded
                    killed.TrySetResult();
                    await hang.Task; // the process is gone: nothing after this line ever runs
                }
                first.Add(m.Text);
                batch.HandedOn(m);
            }
        }, CancellationToken.None);
        await killed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        // A kill: the files close with what was written to them, and nothing else happens (no save, no cleanup).
        stream.Dispose();

        var second = await DrainAsync(new[] { Source(client) }, TimeSpan.FromSeconds(1));

        var all = first.Concat(second).ToList();
        Assert.Equal(expected, all.Distinct().OrderBy(t => int.Parse(t[1..])).ToList()); // nothing lost, in order per run
        Assert.Equal(killedMidHandOff ? 1 : 0, all.Count - all.Distinct().Count());
        if (killedMidHandOff) Assert.Equal(first[^1], second[0]);
        hang.TrySetException(new OperationCanceledException());
        await Assert.ThrowsAnyAsync<Exception>(() => run);
    }

    [Fact]
    public async Task A_stop_part_way_through_a_batch_repeats_nothing_and_loses_nothing()
    {
        var (bot, client) = await BoundAsync();
        var expected = await QueueAsync(bot.BotId, 30);
        var first = new List<string>();
        using var ctrlC = new CancellationTokenSource();

        using (var stream = MessageStream.Open(new[] { Source(client) }))
        {
            await stream.RunAsync((batch, ct) =>
            {
                foreach (var m in batch.Messages)
                {
                    first.Add(m.Text);
                    batch.HandedOn(m); // the message reached the handler before the stop landed
                    if (first.Count == 12)
                    {
                        ctrlC.Cancel();
                        ct.ThrowIfCancellationRequested();
                    }
                }
                return Task.CompletedTask;
            }, ctrlC.Token).WaitAsync(TimeSpan.FromSeconds(60));
        }

        var second = await DrainAsync(new[] { Source(client) }, TimeSpan.FromSeconds(1));
        Assert.Equal(12, first.Count);
        Assert.Equal(expected, first.Concat(second).ToList());
    }

    [Fact]
    public async Task A_second_receiver_of_a_profile_is_refused_at_once_until_the_first_ends()
    {
        var (_, client) = await BoundAsync();
        using (MessageStream.Open(new[] { Source(client) }))
        {
            var refused = Assert.Throws<ProfileBusyException>(() => MessageStream.Open(new[] { Source(client) }));
            Assert.Equal("p", refused.ProfileName);
            Assert.DoesNotContain("tok", refused.Message, StringComparison.OrdinalIgnoreCase);
        }
        using var again = MessageStream.Open(new[] { Source(client) });
    }

    [Fact]
    public async Task Opening_several_profiles_is_all_or_nothing()
    {
        var (_, one) = await BoundAsync("one");
        var (_, two) = await BoundAsync("two");
        using (MessageStream.Open(new[] { Source(two, "two") }))
        {
            Assert.Throws<ProfileBusyException>(() => MessageStream.Open(new[] { Source(one, "one"), Source(two, "two") }));
        }
        // "one" was released when opening the pair failed.
        using var alone = MessageStream.Open(new[] { Source(one, "one") });
    }

    [Fact]
    public async Task First_counts_across_bots_and_the_rest_comes_next_time()
    {
        var (botA, clientA) = await BoundAsync("a");
        var (botB, clientB) = await BoundAsync("b");
        var a = await QueueAsync(botA.BotId, 8, prefix: "a");
        var b = await QueueAsync(botB.BotId, 8, prefix: "b");

        var firstFive = await DrainAsync(new[] { Source(clientA, "a"), Source(clientB, "b") }, TimeSpan.FromSeconds(5), first: 5);
        var rest = await DrainAsync(new[] { Source(clientA, "a"), Source(clientB, "b") }, TimeSpan.FromSeconds(1));

        Assert.Equal(5, firstFive.Count);
        Assert.Equal(a.Concat(b).OrderBy(t => t), firstFive.Concat(rest).OrderBy(t => t));
    }

    [Fact]
    public async Task Senders_not_asked_for_are_passed_over_but_their_contact_is_kept()
    {
        var (bot, client) = await BoundAsync();
        await _sim.Control.SendTextToBotAsync(bot.BotId, Bob, "from bob");
        var fromAlice = await _sim.Control.SendTextToBotAsync(bot.BotId, Alice, "from alice");

        var texts = await DrainAsync(new[] { Source(client, senders: new[] { Alice }) }, TimeSpan.FromSeconds(1));

        Assert.Equal(new[] { "from alice" }, texts);
        var stored = Store.TryLoad("p")!;
        Assert.NotNull(stored.Contacts[Bob].ContextToken);
        Assert.Equal(fromAlice.ContextToken, stored.Contacts[Alice].ContextToken);
        Assert.Empty(await DrainAsync(new[] { Source(client) }, TimeSpan.FromSeconds(1))); // passed over means committed past
    }

    [Fact]
    public async Task The_sender_is_in_the_contact_book_before_the_message_counts_as_delivered()
    {
        var (bot, client) = await BoundAsync();
        var sent = await _sim.Control.SendTextToBotAsync(bot.BotId, Alice, "status?");
        var source = Source(client);
        string? tokenWhileHandling = null;

        using var stream = MessageStream.Open(new[] { source }, new MessageStreamOptions { First = 1 });
        await stream.RunAsync((batch, _) =>
        {
            // A handler replying to the sender finds the token already.
            lock (source.Profile.SyncRoot) tokenWhileHandling = ContactBook.ContextTokenOf(source.Profile, Alice);
            batch.HandedOn(batch.Messages[0]);
            return Task.CompletedTask;
        }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(sent.ContextToken, tokenWhileHandling);
    }

    [Fact]
    public async Task A_consumer_that_throws_ends_the_stream_and_its_message_comes_again()
    {
        var (bot, client) = await BoundAsync();
        var expected = await QueueAsync(bot.BotId, 5);
        var first = new List<string>();

        using (var stream = MessageStream.Open(new[] { Source(client) }))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => stream.RunAsync((batch, _) =>
            {
                foreach (var m in batch.Messages)
                {
                    if (m.Text == "m3") throw new InvalidOperationException("the handler failed");
                    first.Add(m.Text);
                    batch.HandedOn(m);
                }
                return Task.CompletedTask;
            }, CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(60));
        }

        var second = await DrainAsync(new[] { Source(client) }, TimeSpan.FromSeconds(1));
        Assert.Equal(new[] { "m1", "m2" }, first);
        Assert.Equal(new[] { "m3", "m4", "m5" }, second);
    }

    [Fact]
    public async Task An_outage_is_reported_once_and_its_end_once()
    {
        var (bot, client) = await BoundAsync();
        await _sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Status, Status = 503, Count = 10 }); // 3 attempts a poll
        await _sim.Control.SendTextToBotAsync(bot.BotId, Alice, "after the outage");
        var observer = new RecordingObserver();

        using var stream = MessageStream.Open(new[] { Source(client) }, new MessageStreamOptions { First = 1 }, observer);
        var texts = new List<string>();
        await stream.RunAsync((batch, _) =>
        {
            texts.Add(batch.Messages[0].Text);
            batch.HandedOn(batch.Messages[0]);
            return Task.CompletedTask;
        }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(new[] { "after the outage" }, texts);
        Assert.Equal(new[] { "unavailable after 3: HTTP 503", "restored" }, observer.Events);
    }

    [Fact]
    public async Task Idle_timeout_ends_a_quiet_stream()
    {
        var (_, client) = await BoundAsync();
        Assert.Empty(await DrainAsync(new[] { Source(client) }, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_session_that_ends_fails_the_stream_and_names_its_source()
    {
        var (bot, client) = await BoundAsync();
        await _sim.Control.ExpireSessionAsync(bot.BotId);
        var source = Source(client);

        using var stream = MessageStream.Open(new[] { source });
        await Assert.ThrowsAsync<SessionExpiredException>(() => stream.RunAsync((_, _) => Task.CompletedTask, CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Same(source, stream.FailedSource);
    }

    private sealed class RecordingObserver : IReceiveObserver
    {
        public List<string> Events { get; } = new();
        public void Unavailable(Profile profile, int failedPolls, string reason) { lock (Events) Events.Add($"unavailable after {failedPolls}: {reason}"); }
        public void Restored(Profile profile, TimeSpan downFor) { lock (Events) Events.Add("restored"); }
    }

    [Fact]
    public async Task What_a_batch_brought_is_written_soon_even_while_the_next_poll_waits()
    {
        _sim.Options.LongPollHold = TimeSpan.FromMinutes(2); // the next poll waits far longer than the test
        // Long enough that the batch is committed before a write is due, so it is left for later.
        var (bot, client) = await BoundAsync(saveInterval: TimeSpan.FromSeconds(3), longPoll: TimeSpan.FromMinutes(3));
        var sent = await _sim.Control.SendTextToBotAsync(bot.BotId, Alice, "write me down");
        using var stream = MessageStream.Open(new[] { Source(client) });
        using var stop = new CancellationTokenSource();
        var run = stream.RunAsync((batch, _) =>
        {
            foreach (var m in batch.Messages) batch.HandedOn(m);
            return Task.CompletedTask;
        }, stop.Token);

        // Another window reads the store: the sender's token appears without waiting for the held poll to end.
        var other = Store;
        var guard = System.Diagnostics.Stopwatch.StartNew(); // a hang guard, far below the held poll's two minutes
        while (other.TryLoad("p")!.Contacts.GetValueOrDefault(Alice)?.ContextToken != sent.ContextToken)
        {
            Assert.False(run.IsCompleted, "the stream ended");
            Assert.True(guard.Elapsed < TimeSpan.FromSeconds(60), "the profile was not written while the poll was held");
            await Task.Delay(20);
        }
        stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(60));
    }
}
