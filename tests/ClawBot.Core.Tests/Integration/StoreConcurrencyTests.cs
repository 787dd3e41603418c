using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using ClawBot.Core.Errors;
using ClawBot.Core.Monitor;
using ClawBot.Core.Storage;
using ClawBot.Core.Tests.Support;
using ClawBot.Simulator.Messaging;
using Xunit.Abstractions;

namespace ClawBot.Core.Tests.Integration;

/// <summary>
/// One profile held by several runspaces at once (two receive loops, a sender saving its contact book), and the
/// store's creation path under a permissive umask: the file stays valid JSON, the cursor never moves back, nothing is
/// ever readable by others, a damaged file is reported and left as it was.
/// </summary>
public sealed class StoreConcurrencyTests
{
    private const string User = "o9xAlice@im.wechat";
    private static readonly InboxOptions Fast = new() { ErrorDelay = TimeSpan.FromMilliseconds(1), BackoffDelay = TimeSpan.FromMilliseconds(5) };
    private readonly ITestOutputHelper _out;

    public StoreConcurrencyTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public async Task Two_receivers_and_a_sender_on_one_profile_keep_the_file_valid_and_the_cursor_moving_forward()
    {
        await using var sim = await Sim.StartAsync(o => o.MaxBatchSize = 3);
        var (bot, clientA, _) = await Sim.BotAsync(sim);
        var clientB = new Api.ILinkClient(Sim.Options(sim, bot.BotToken));
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        store.Save(new Profile { Name = "p", BotToken = bot.BotToken, BotId = bot.BotId, UserId = User, BoundAt = DateTimeOffset.UtcNow });

        const int total = 60;
        await sim.Control.QueueTextsAsync(bot.BotId, User, total, "m");

        // Each holder loads its own copy, as a second runspace or process would.
        var a = new Inbox(clientA, store.TryLoad("p")!, store, Fast);
        var b = new Inbox(clientB, store.TryLoad("p")!, store, Fast);
        var sender = store.TryLoad("p")!;
        var path = store.PathOf("p");

        using var stop = new CancellationTokenSource();
        var observations = new ConcurrentQueue<string>();
        var watcher = Task.Run(() =>
        {
            long highest = 0;
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                byte[] bytes;
                try { bytes = File.ReadAllBytes(path); }
                catch (IOException) { continue; }
                reads++;
                try
                {
                    using var doc = JsonDocument.Parse(bytes);
                    var position = CursorCodec.Decode(doc.RootElement.GetProperty("cursor").GetString());
                    if (position < highest) observations.Enqueue($"cursor went back from {highest} to {position}");
                    highest = Math.Max(highest, position);
                }
                catch (JsonException e) { observations.Enqueue("invalid JSON: " + e.Message); }
            }
            return (reads, highest);
        });

        async Task<List<string>> ReceiveAsync(Inbox inbox)
        {
            var got = new List<string>();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            // Until this holder's cursor has reached the end of the queue (the other holder may have taken some).
            while (CursorCodec.Decode(inbox.Profile.Cursor) < total)
            {
                var batch = await inbox.PollAsync(cts.Token);
                foreach (var m in batch) { got.Add(m.Text); inbox.Delivered(m); }
                lock (inbox) inbox.Commit();
            }
            lock (inbox) inbox.Flush(); // as Receive-ClawMessage does when it ends: commits may be written lazily
            return got;
        }

        var sending = Task.Run(() =>
        {
            // The send path saves the whole profile with whatever cursor it loaded: it must not rewind the file.
            for (var i = 0; i < 40 && !stop.IsCancellationRequested; i++)
            {
                ContactBook.RecordSent(sender, User, 1);
                store.Save(sender);
            }
        });

        var received = await Task.WhenAll(ReceiveAsync(a), ReceiveAsync(b));
        await sending;
        stop.Cancel();
        var (reads, highest) = await watcher;

        _out.WriteLine($"A received {received[0].Count}, B received {received[1].Count}; the watcher read the file {reads} times, highest position {highest}");
        Assert.Empty(observations);
        var final = store.TryLoad("p")!;
        Assert.Equal(total, CursorCodec.Decode(final.Cursor));
        Assert.Equal(total, final.CursorSeq);
        // Together the two holders saw every message, each in order.
        var all = received[0].Union(received[1]).ToHashSet();
        Assert.Equal(total, all.Count);
        foreach (var got in received)
        {
            var numbers = got.Select(t => int.Parse(t.TrimStart('m').Split(' ')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(numbers.OrderBy(n => n), numbers);
        }
        Assert.True(final.Contacts[User].SentSinceLastMessage >= 0);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_stale_copy_saved_later_does_not_rewind_the_cursor_or_drop_delivered_ids()
    {
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        var bound = DateTimeOffset.UtcNow;
        store.Save(new Profile { Name = "p", BotToken = "t", BotId = "b@im.bot", BoundAt = bound });
        var stale = store.TryLoad("p")!;
        var fresh = store.TryLoad("p")!;

        fresh.Receiving = true; // the one receiver (the receive lock makes it one); the stale copy is a sender
        fresh.Cursor = "ahead"; fresh.CursorSeq = 10; fresh.DeliveredIds.Add("m10");
        ContactBook.GetOrAdd(fresh, User).ContextToken = "ctx-new";
        fresh.Contacts[User].ContextTokenReceivedAt = bound.AddMinutes(1);
        store.Save(fresh);

        stale.Cursor = "behind"; stale.CursorSeq = 3;
        store.Save(stale);

        var stored = store.TryLoad("p")!;
        Assert.Equal("ahead", stored.Cursor);
        Assert.Equal(10, stored.CursorSeq);
        Assert.Equal(new[] { "m10" }, stored.DeliveredIds); // the receiver's, as they were
        Assert.Equal(new[] { "m10" }, stale.DeliveredIds);
        Assert.Equal("ctx-new", stored.Contacts[User].ContextToken);
        // The stale holder adopted the newer cursor too, so its next poll does not replay.
        Assert.Equal("ahead", stale.Cursor);
    }

    [Fact]
    public void Alias_changes_win_by_time_so_a_removal_sticks_and_an_untouched_holder_keeps_a_new_alias()
    {
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        var bound = DateTimeOffset.UtcNow;
        var first = new Profile { Name = "p", BotToken = "t", BotId = "b@im.bot", BoundAt = bound };
        ContactBook.GetOrAdd(first, User);
        store.Save(first);
        var receiver = store.TryLoad("p")!; // a long-running holder that never touches aliases
        var editor = store.TryLoad("p")!;

        editor.Contacts[User].Alias = "ops";
        editor.Contacts[User].AliasChangedAt = bound.AddSeconds(1);
        store.Save(editor);
        store.Save(receiver);
        Assert.Equal("ops", store.TryLoad("p")!.Contacts[User].Alias);

        editor.Contacts[User].Alias = null; // removed later
        editor.Contacts[User].AliasChangedAt = bound.AddSeconds(2);
        store.Save(editor);
        store.Save(receiver);
        Assert.Null(store.TryLoad("p")!.Contacts[User].Alias);
    }

    [Fact]
    public void A_new_binding_is_saved_as_is_never_merged_with_the_old_one()
    {
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        store.Save(new Profile { Name = "p", BotToken = "old", BotId = "b@im.bot", BoundAt = DateTimeOffset.UtcNow, Cursor = "far", CursorSeq = 99 });
        store.Save(new Profile { Name = "p", BotToken = "new", BotId = "b@im.bot", BoundAt = DateTimeOffset.UtcNow.AddSeconds(1) });
        var stored = store.TryLoad("p")!;
        Assert.Equal("new", stored.BotToken);
        Assert.Equal("", stored.Cursor);
        Assert.Equal(0, stored.CursorSeq);
    }

    [Fact]
    public async Task Created_owner_only_even_under_a_permissive_umask_with_no_wider_window()
    {
        if (OperatingSystem.IsWindows()) return;
        using var dir = new TempDir();
        var folder = dir.Combine("home", "profiles");
        var seen = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var old = umask(0);
        try
        {
            // A watcher stats everything in the folder as fast as it can while profiles are written: any file or
            // folder it ever sees with group/other bits is a window (the code path gives the mode at creation).
            var watcher = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested && !OperatingSystem.IsWindows())
                {
                    try
                    {
                        if (!Directory.Exists(folder)) continue;
                        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Prepend(folder))
                        {
                            var mode = File.GetUnixFileMode(entry);
                            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
                                seen.Enqueue($"{Path.GetFileName(entry)} {mode}");
                        }
                    }
                    catch (IOException) { }
                    catch (UnauthorizedAccessException) { }
                }
            });
            var store = new ProfileStore(folder);
            for (var i = 0; i < 200; i++)
                store.Save(new Profile { Name = "p" + (i % 3), BotToken = "t" + i, BotId = "b@im.bot", BoundAt = DateTimeOffset.UtcNow });
            stop.Cancel();
            await watcher;

            Assert.Empty(seen);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(folder, ".locks")));
            foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        finally
        {
            stop.Cancel();
            umask(old);
        }
    }

    public static IEnumerable<object[]> DamagedFiles() => new[]
    {
        new object[] { "truncated", "{\"formatVersion\":1,\"botToken\":\"t\",\"bot" },
        new object[] { "empty", "" },
        new object[] { "binary", "\u0000\u0001\u0002\u00ff" },
        new object[] { "array", "[]" },
        new object[] { "token is a number", "{\"formatVersion\":1,\"botToken\":123,\"botId\":\"b\"}" },
        new object[] { "no bot id", "{\"formatVersion\":1,\"botToken\":\"t\"}" },
        new object[] { "base URL not a URL", "{\"formatVersion\":1,\"botToken\":\"t\",\"botId\":\"b\",\"baseUrl\":\"not a url\"}" },
        new object[] { "base URL ftp", "{\"formatVersion\":1,\"botToken\":\"t\",\"botId\":\"b\",\"baseUrl\":\"ftp://host/\"}" },
        new object[] { "CDN URL javascript", "{\"formatVersion\":1,\"botToken\":\"t\",\"botId\":\"b\",\"cdnBaseUrl\":\"javascript:alert(1)\"}" },
        new object[] { "newer format", "{\"formatVersion\":99,\"botToken\":\"t\",\"botId\":\"b\"}" },
        new object[] { "version a string", "{\"formatVersion\":\"1\",\"botToken\":\"t\",\"botId\":\"b\"}" },
        new object[] { "contacts an array", "{\"formatVersion\":1,\"botToken\":\"t\",\"botId\":\"b\",\"contacts\":[1]}" },
        new object[] { "cursor an object", "{\"formatVersion\":1,\"botToken\":\"t\",\"botId\":\"b\",\"cursor\":{}}" },
        new object[] { "bound at garbage", "{\"formatVersion\":1,\"botToken\":\"t\",\"botId\":\"b\",\"boundAt\":\"yesterday\"}" },
    };

    [Theory]
    [MemberData(nameof(DamagedFiles))]
    public void A_damaged_or_hand_edited_file_is_a_clear_error_and_left_untouched(string what, string content)
    {
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        Directory.CreateDirectory(dir.Path);
        var path = store.PathOf("p");
        var bytes = Encoding.UTF8.GetBytes(content);
        File.WriteAllBytes(path, bytes);
        var stamp = File.GetLastWriteTimeUtc(path);

        var e = Assert.Throws<ProfileStoreException>(() => store.TryLoad("p"));
        Assert.Contains("'p'", e.Message);
        Assert.Contains("left untouched", e.Message);
        Assert.DoesNotContain("\"t\"", e.Message);
        // Listing tokens for a new login skips it rather than failing.
        Assert.Empty(store.RecentTokens(10, Api.ILinkDefaults.ApiBase));
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
        _out.WriteLine($"{what}: {e.Message}");
    }

    [Fact]
    public void A_hand_edited_but_usable_file_loads_with_its_gaps_filled()
    {
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        Directory.CreateDirectory(dir.Path);
        File.WriteAllText(store.PathOf("p"), """
            // edited by hand
            {"formatVersion":1,"botToken":"t","botId":"b@im.bot","cursor":null,"deliveredIds":[null,"m1"],
             "contacts":{"u@im.wechat":null,"v@im.wechat":{"alias":"vee"}},"unknownField":1}
            """.Replace("// edited by hand\n", ""));
        var p = store.TryLoad("p")!;
        Assert.Equal("", p.Cursor);
        Assert.Equal(new[] { "m1" }, p.DeliveredIds);
        Assert.Equal("v@im.wechat", Assert.Single(p.Contacts).Value.UserId);
        Assert.Equal("v@im.wechat", ContactBook.GetOrAdd(p, "v@im.wechat").ToString().Split(' ')[1].Trim('(', ')'));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int umask(int mask);
}
