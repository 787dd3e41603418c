using ClawBot.Core.Storage;
using ClawBot.Core.Tests.Support;

namespace ClawBot.Core.Tests.Unit;

/// <summary>The journal's own rules: what a receiver recorded comes back for the same binding only, a torn record is ignored.</summary>
public sealed class DeliveryJournalTests
{
    private static Profile Bound(DateTimeOffset at) => new() { Name = "p", BotId = "b1@im.bot", BotToken = "t", BoundAt = at };

    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1781234567890);

    [Fact]
    public void Deliveries_and_the_last_commit_come_back_for_the_same_binding()
    {
        using var dir = new TempDir();
        var path = dir.Combine("j", "p.journal");
        using (var journal = DeliveryJournal.Open(path, Bound(T0)))
        {
            journal.Restart(Bound(T0));
            journal.Delivered("1");
            journal.Delivered("id with spaces and ünïcode");
            journal.Committed(7, "cursor-after-batch-1");
            journal.Delivered("3");
        }

        var profile = Bound(T0);
        using var reopened = DeliveryJournal.Open(path, profile);

        Assert.Equal(new[] { "1", "id with spaces and ünïcode", "3" }, profile.DeliveredIds);
        Assert.Equal("cursor-after-batch-1", profile.Cursor);
        Assert.Equal(7, profile.CursorSeq);
        Assert.Equal(3, reopened.RecoveredIds);
        Assert.True(reopened.RecoveredCursor);
    }

    [Fact]
    public void Another_bindings_journal_is_ignored()
    {
        using var dir = new TempDir();
        var path = dir.Combine("p.journal");
        using (var journal = DeliveryJournal.Open(path, Bound(T0)))
        {
            journal.Restart(Bound(T0));
            journal.Delivered("1");
            journal.Committed(3, "old-binding-cursor");
        }

        var rebound = Bound(T0.AddDays(1));
        using var reopened = DeliveryJournal.Open(path, rebound);

        Assert.Empty(rebound.DeliveredIds);
        Assert.Equal("", rebound.Cursor);
    }

    [Fact]
    public void A_record_torn_by_a_kill_is_ignored_and_the_rest_kept()
    {
        using var dir = new TempDir();
        var path = dir.Combine("p.journal");
        using (var journal = DeliveryJournal.Open(path, Bound(T0)))
        {
            journal.Restart(Bound(T0));
            journal.Delivered("1");
        }
        WriteAtEnd(path, "D MjI"); // "22" cut off mid-record, no newline

        var profile = Bound(T0);
        using (var reopened = DeliveryJournal.Open(path, profile))
        {
            Assert.Equal(new[] { "1" }, profile.DeliveredIds);
            reopened.Delivered("3"); // goes where the torn record was, not after it
        }

        var again = Bound(T0);
        using var third = DeliveryJournal.Open(path, again);
        Assert.Equal(new[] { "1", "3" }, again.DeliveredIds);
    }

    // Where a record would go: the journal is a mapped file of fixed size, zeros after its last record.
    private static void WriteAtEnd(string path, string text)
    {
        var bytes = File.ReadAllBytes(path);
        var end = Array.IndexOf(bytes, (byte)0);
        System.Text.Encoding.ASCII.GetBytes(text).CopyTo(bytes, end);
        File.WriteAllBytes(path, bytes);
    }

    [Fact]
    public void A_full_journal_says_so_and_holds_records_again_after_a_restart()
    {
        using var dir = new TempDir();
        var path = dir.Combine("p.journal");
        var id = new string('7', 1000);
        var written = 0;
        using (var journal = DeliveryJournal.Open(path, Bound(T0)))
        {
            journal.Restart(Bound(T0));
            while (journal.Delivered(id + written)) written++;
            Assert.InRange(written, DeliveryJournal.Capacity / 1400, DeliveryJournal.Capacity / 1300); // ~1 340 bytes a record
            Assert.False(journal.Committed(9, id)); // still full: the caller saves the profile, then restarts

            journal.Restart(Bound(T0));
            Assert.True(journal.Delivered("after"));
        }

        var profile = Bound(T0);
        using var reopened = DeliveryJournal.Open(path, profile);
        Assert.Equal(new[] { "after" }, profile.DeliveredIds); // nothing from before the restart comes back
    }

    [Fact]
    public void A_commit_behind_the_stored_cursor_does_not_move_it_back()
    {
        using var dir = new TempDir();
        var path = dir.Combine("p.journal");
        using (var journal = DeliveryJournal.Open(path, Bound(T0)))
        {
            journal.Restart(Bound(T0));
            journal.Committed(5, "older");
        }
        var profile = Bound(T0);
        profile.Cursor = "newer";
        profile.CursorSeq = 9;

        using var reopened = DeliveryJournal.Open(path, profile);

        Assert.Equal("newer", profile.Cursor);
        Assert.False(reopened.RecoveredCursor);
    }

    [Fact]
    public void The_journal_is_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        using var dir = new TempDir();
        var path = dir.Combine("j", "p.journal");
        using (DeliveryJournal.Open(path, Bound(T0))) { }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir.Combine("j")));
    }
}
