using ClawBot.Core.Errors;
using ClawBot.Core.Monitor;
using ClawBot.Core.Storage;
using ClawBot.Core.Tests.Support;
using ClawBot.Simulator.Control;

namespace ClawBot.Core.Tests.Integration;

/// <summary>The receive loop's bookkeeping: commit after delivery, dedupe on replay, contacts, transient retries.</summary>
public sealed class InboxTests
{
    private const string User = "o9xAlice@im.wechat";

    private static readonly InboxOptions Fast = new() { ErrorDelay = TimeSpan.FromMilliseconds(1), BackoffDelay = TimeSpan.FromMilliseconds(5) };

    private static Profile ProfileFor(SimBot bot) => new() { Name = "p", BotToken = bot.BotToken, BotId = bot.BotId, BoundAt = DateTimeOffset.UtcNow };

    private static async Task<List<Messaging.InboundMessage>> PollUntilAsync(Inbox inbox, int count)
    {
        var all = new List<Messaging.InboundMessage>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (all.Count < count) all.AddRange(await inbox.PollAsync(cts.Token));
        return all;
    }

    [Fact]
    public async Task Commit_persists_the_cursor_and_contacts()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        var inbox = new Inbox(client, ProfileFor(bot), store, Fast);
        var sent = await sim.Control.SendTextToBotAsync(bot.BotId, User, "hello");

        var messages = await PollUntilAsync(inbox, 1);
        inbox.Delivered(messages[0]);
        inbox.Commit();

        var stored = store.TryLoad("p")!;
        Assert.NotEqual("", stored.Cursor);
        Assert.Equal(new[] { sent.MessageId }, stored.DeliveredIds);
        var contact = stored.Contacts[User];
        Assert.Equal(sent.ContextToken, contact.ContextToken);
        Assert.NotNull(contact.LastMessageAt);
        Assert.Equal(0, contact.SentSinceLastMessage);
        Assert.Equal(sent.ContextToken, ContactBook.ContextTokenOf(stored, User));

        ContactBook.RecordSent(stored, User, 3);
        Assert.Equal(3, stored.Contacts[User].SentSinceLastMessage);

        // The committed cursor does not replay.
        Assert.Empty(await inbox.PollAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_uncommitted_batch_replays_but_delivered_ids_are_dropped()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        await sim.Control.QueueTextsAsync(bot.BotId, User, 3);

        var inbox = new Inbox(client, ProfileFor(bot), store, Fast);
        var batch = await PollUntilAsync(inbox, 3);
        inbox.Delivered(batch[0]);
        inbox.Delivered(batch[1]);
        inbox.Flush(); // stopped mid-batch: ids saved, cursor not moved

        var restarted = new Inbox(client, store.TryLoad("p")!, store, Fast);
        var replay = await PollUntilAsync(restarted, 1);
        Assert.Equal(batch[2].MessageId, Assert.Single(replay).MessageId);
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_backoff_and_logged()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, log) = await Sim.BotAsync(sim, o => o.Retry.MaxAttempts = 1);
        using var dir = new TempDir();
        var inbox = new Inbox(client, ProfileFor(bot), new ProfileStore(dir.Path), Fast);
        await sim.Control.SendTextToBotAsync(bot.BotId, User, "eventually");
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Status, Status = 500, Count = 2 });
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Malformed, Count = 1 });
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Reset, Count = 1 });

        var messages = await PollUntilAsync(inbox, 1);
        Assert.Equal("eventually", messages[0].Text);
        Assert.Equal(0, inbox.ConsecutiveFailures);
        var retries = log.Retries.Where(r => r.Operation == "getupdates" && r.MaxAttempts == 0).ToList();
        Assert.Equal(4, retries.Count);
        Assert.Equal(Fast.BackoffDelay, retries[2].Delay); // the third failure in a row earns the long pause
        Assert.Equal(Fast.ErrorDelay, retries[0].Delay);
    }

    [Fact]
    public async Task Session_expiry_ends_the_poll()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        using var dir = new TempDir();
        var inbox = new Inbox(client, ProfileFor(bot), new ProfileStore(dir.Path), Fast);
        await sim.Control.ExpireSessionAsync(bot.BotId);
        await Assert.ThrowsAsync<SessionExpiredException>(() => inbox.PollAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task A_refused_request_ends_the_poll_instead_of_retrying_forever(int status)
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, log) = await Sim.BotAsync(sim, o => o.Retry.MaxAttempts = 1);
        using var dir = new TempDir();
        var inbox = new Inbox(client, ProfileFor(bot), new ProfileStore(dir.Path), Fast);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Status, Status = status, Count = 1 });

        var ex = await Assert.ThrowsAsync<TransportException>(() => inbox.PollAsync(CancellationToken.None));
        Assert.Equal(status, ex.StatusCode);
        Assert.DoesNotContain(log.Retries, r => r.Operation == "getupdates");
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    public async Task Timeouts_and_throttling_are_retried(int status)
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim, o => o.Retry.MaxAttempts = 1);
        using var dir = new TempDir();
        var inbox = new Inbox(client, ProfileFor(bot), new ProfileStore(dir.Path), Fast);
        await sim.Control.SendTextToBotAsync(bot.BotId, User, "after the pause");
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Status, Status = status, Count = 1 });

        var messages = await PollUntilAsync(inbox, 1);
        Assert.Equal("after the pause", messages[0].Text);
    }

    [Fact]
    public void Delivered_ids_are_capped()
    {
        using var dir = new TempDir();
        var client = new Api.ILinkClient(new Api.ILinkClientOptions());
        var profile = new Profile { Name = "p" };
        var inbox = new Inbox(client, profile, new ProfileStore(dir.Path), Fast);
        var cap = Profile.DeliveredIdCapacity;
        for (var i = 0; i < cap + cap / 2; i++)
            inbox.Delivered(new Messaging.InboundMessage { MessageId = i.ToString(), FromUserId = User });
        Assert.Equal(cap + cap / 2, profile.DeliveredIds.Count); // trimmed in bulk, not one by one
        inbox.Delivered(new Messaging.InboundMessage { MessageId = "one more", FromUserId = User });
        Assert.Equal(cap, profile.DeliveredIds.Count);
        Assert.Equal((cap / 2 + 1).ToString(), profile.DeliveredIds[0]);
        Assert.Equal("one more", profile.DeliveredIds[^1]);
    }

    [Fact]
    public async Task A_draining_backlog_is_written_at_most_once_per_interval_and_when_drained()
    {
        await using var sim = await Sim.StartAsync(o => o.MaxBatchSize = 2);
        var (bot, client, _) = await Sim.BotAsync(sim);
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        var options = new InboxOptions { ErrorDelay = Fast.ErrorDelay, BackoffDelay = Fast.BackoffDelay, SaveInterval = TimeSpan.FromHours(1) };
        var inbox = new Inbox(client, ProfileFor(bot), store, options);
        await sim.Control.QueueTextsAsync(bot.BotId, User, 4);

        async Task HandleBatchAsync()
        {
            foreach (var m in await PollUntilAsync(inbox, 1)) inbox.Delivered(m);
            inbox.Commit();
        }

        await HandleBatchAsync();                 // the first commit is written
        var first = store.TryLoad("p")!.Cursor;
        await HandleBatchAsync();                 // within the interval: in memory only
        Assert.True(inbox.HasUnsavedProgress);
        Assert.Equal(first, store.TryLoad("p")!.Cursor);
        Assert.Equal(2, store.TryLoad("p")!.DeliveredIds.Count);

        Assert.Empty(await inbox.PollAsync(CancellationToken.None)); // drained
        inbox.Commit();
        Assert.False(inbox.HasUnsavedProgress);
        Assert.Equal(4, store.TryLoad("p")!.DeliveredIds.Count);
        Assert.NotEqual(first, store.TryLoad("p")!.Cursor);
    }
}
