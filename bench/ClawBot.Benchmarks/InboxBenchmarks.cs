using BenchmarkDotNet.Attributes;
using ClawBot.Core.Api;
using ClawBot.Core.Messaging;
using ClawBot.Core.Monitor;
using ClawBot.Core.Storage;

namespace ClawBot.Benchmarks;

/// <summary>
/// What the receive loop does per message beyond GetUpdatesAsync (issue 16: where the core loses against the parsing
/// floor): the inbox's delivery bookkeeping with the delivered-id list at its capacity, as in a long-running receive,
/// the contact book's update, and one profile save (serialise, owner-only temp file, fsync, rename).
/// </summary>
public class InboxBenchmarks
{
    private const int Batch = 100;
    private InboundMessage[] _messages = [];
    private Inbox _inbox = null!;
    private Profile _profile = null!;
    private ProfileStore _store = null!;
    private string _home = "";
    private int _round;
    private DeliveryJournal _journal = null!;

    [GlobalSetup]
    public void Setup()
    {
        _home = Directory.CreateTempSubdirectory("clawbot-bench-inbox-").FullName;
        _store = new ProfileStore(_home);
        _profile = new Profile { Name = "bench", BotToken = "t", BotId = "b@im.bot", UserId = "u@im.wechat", BaseUrl = "http://127.0.0.1:1/" };
        for (var i = 0; i < Profile.DeliveredIdCapacity; i++) _profile.DeliveredIds.Add((7_360_000_000_000_000_000L + i).ToString());
        _profile.Cursor = new string('c', 120);
        var client = new ILinkClient(new ILinkClientOptions { BaseUrl = new Uri("http://127.0.0.1:1/"), BotToken = "t" });
        _inbox = new Inbox(client, _profile, _store);
        _store.Save(_profile);
        _journal = DeliveryJournal.Open(Path.Combine(_home, "bench.journal"), _profile);
        _journal.Restart(_profile);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _journal.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    [IterationSetup]
    public void NewBatch()
    {
        // Fresh ids each round, so every Delivered adds one id and trims the oldest (the list stays at capacity).
        var round = _round++;
        _messages = Enumerable.Range(0, Batch).Select(i => new InboundMessage
        {
            MessageId = (7_361_000_000_000_000_000L + round * (long)Batch + i).ToString(),
            FromUserId = "o9xUser" + (i % 3) + "@im.wechat",
            ToUserId = "b@im.bot",
            ContextToken = "ctx" + i,
            CreatedAt = DateTimeOffset.UtcNow,
            Kind = MessageKind.Text,
            Text = "bench " + i,
        }).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "Inbox.Delivered per message (delivered ids at capacity)")]
    public void Delivered()
    {
        foreach (var m in _messages) _inbox.Delivered(m);
    }

    // What issue 12's guarantee costs: one record per message handed on, copied into the mapped journal.
    [Benchmark(OperationsPerInvoke = Batch, Description = "DeliveryJournal.Delivered per message (one record each)")]
    public void Journal()
    {
        foreach (var m in _messages) _journal.Delivered(m.MessageId);
        _journal.Restart(_profile); // as the once-a-second profile save does, so the file stays small
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "ContactBook.RecordInbound per message")]
    public void RecordInbound()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var m in _messages) ContactBook.RecordInbound(_profile, m, now);
    }

    [Benchmark(Description = "ProfileStore.Save, 2 000 delivered ids (once a second while draining)")]
    public void Save() => _store.Save(_profile);
}
