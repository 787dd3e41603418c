using ClawBot.Core.Messaging;
using ClawBot.Core.Storage;
using ClawBot.Core.Tests.Support;

namespace ClawBot.Core.Tests.Unit;

/// <summary>
/// One profile held by several windows or processes: their sends add up in the store, each reads what the others
/// stored when it needs it, a refusal closes the window, and a re-bind of the same bot keeps its place.
/// </summary>
public sealed class SharedSendStateTests
{
    private const string User = "o9xAlice@im.wechat";
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-5);

    private static (ProfileStore Store, Profile[] Copies) Shared(TempDir dir, int copies)
    {
        var store = new ProfileStore(dir.Path);
        var profile = new Profile { Name = "p", BotId = "b@im.bot", BotToken = "t", BoundAt = T0 };
        ContactBook.RecordInbound(profile, new InboundMessage { MessageId = "1", FromUserId = User, CreatedAt = T0, ContextToken = "ctx" }, T0);
        store.Save(profile);
        return (store, Enumerable.Range(0, copies).Select(_ => store.TryLoad("p")!).ToArray());
    }

    [Fact]
    public void Sends_from_several_copies_add_up_in_the_store()
    {
        using var dir = new TempDir();
        var (store, copies) = Shared(dir, 3);

        foreach (var copy in copies)
        {
            ContactBook.RecordSent(copy, User, 1);
            store.Save(copy);
        }
        ContactBook.RecordSent(copies[0], User, 2);
        store.Save(copies[0]);

        Assert.Equal(5, store.TryLoad("p")!.Contacts[User].SentSinceLastMessage);
        Assert.Equal(5, copies[0].Contacts[User].SentSinceLastMessage);
    }

    [Fact]
    public void A_copy_reads_what_others_stored_when_it_refreshes()
    {
        using var dir = new TempDir();
        var (store, copies) = Shared(dir, 2);
        ContactBook.RecordSent(copies[0], User, 4);
        store.Save(copies[0]);
        ContactBook.RecordSent(copies[1], User, 1); // not saved yet

        Assert.True(store.Refresh(copies[1]));
        Assert.Equal(5, copies[1].Contacts[User].SentSinceLastMessage);
        Assert.False(store.Refresh(copies[1])); // nothing new: one stat, no read
        store.Save(copies[1]);
        Assert.Equal(5, store.TryLoad("p")!.Contacts[User].SentSinceLastMessage);
    }

    [Fact]
    public void A_copy_that_never_received_learns_new_contacts_from_the_store()
    {
        using var dir = new TempDir();
        var (store, copies) = Shared(dir, 2);
        ContactBook.RecordInbound(copies[0], new InboundMessage { MessageId = "2", FromUserId = "o9xBob@im.wechat", CreatedAt = T0, ContextToken = "bob" }, T0);
        store.Save(copies[0]);

        store.Refresh(copies[1]);

        Assert.Equal("bob", ContactBook.ContextTokenOf(copies[1], "o9xBob@im.wechat"));
    }

    [Fact]
    public void A_newer_message_stored_elsewhere_renews_the_window_here()
    {
        using var dir = new TempDir();
        var (store, copies) = Shared(dir, 2);
        ContactBook.RecordSent(copies[1], User, 9);
        ContactBook.RecordInbound(copies[0], new InboundMessage { MessageId = "2", FromUserId = User, CreatedAt = T0.AddMinutes(1), ContextToken = "ctx2" }, T0);
        store.Save(copies[0]);

        store.Refresh(copies[1]);

        Assert.Equal(0, copies[1].Contacts[User].SentSinceLastMessage);
        Assert.Equal("ctx2", copies[1].Contacts[User].ContextToken);
    }

    [Fact]
    public void A_refusal_closes_the_window_until_the_user_writes_again()
    {
        var profile = new Profile();
        ContactBook.RecordInbound(profile, new InboundMessage { MessageId = "1", FromUserId = User, CreatedAt = T0, ContextToken = "ctx" }, T0);
        ContactBook.RecordSent(profile, User, 3);

        ContactBook.RecordRefused(profile, User);

        Assert.Equal(0, SendWindow.Of(profile.Contacts[User], DateTimeOffset.UtcNow).Remaining);
        ContactBook.RecordInbound(profile, new InboundMessage { MessageId = "2", FromUserId = User, CreatedAt = T0.AddMinutes(1), ContextToken = "ctx2" }, T0);
        Assert.Equal(10, SendWindow.Of(profile.Contacts[User], DateTimeOffset.UtcNow).Remaining);
    }

    [Theory]
    [InlineData("o9xAlice@im.wechat", true)]
    [InlineData("bosss", false)]
    [InlineData("@im.wechat", false)]
    [InlineData("two words@im.wechat", false)]
    [InlineData("bot@im.bot", false)]
    [InlineData("a@b@im.wechat", false)]
    public void A_user_id_has_the_services_shape(string text, bool isUserId) => Assert.Equal(isUserId, ContactBook.IsUserId(text));

    [Fact]
    public void Names_resolve_to_contacts_aliases_or_full_ids_and_nothing_else()
    {
        var profile = new Profile();
        ContactBook.GetOrAdd(profile, User).Alias = "boss";

        Assert.Equal(User, ContactBook.Resolve(profile, "BOSS")!.Value.UserId);
        Assert.Equal(User, ContactBook.Resolve(profile, User)!.Value.UserId);
        Assert.Null(ContactBook.Resolve(profile, "o9xCarol@im.wechat")!.Value.Contact);
        Assert.Null(ContactBook.Resolve(profile, "bosss"));
    }

    [Fact]
    public void A_rebind_of_the_same_bot_keeps_its_place_and_another_bot_starts_afresh()
    {
        var old = new Profile { BotId = "b@im.bot", Cursor = "c", CursorSeq = 300, DeliveredIds = { "1", "2" } };
        ContactBook.GetOrAdd(old, User).Alias = "boss";

        var same = new Profile { BotId = "b@im.bot" };
        var other = new Profile { BotId = "other@im.bot" };

        Assert.True(same.ContinueFrom(old));
        Assert.Equal(("c", 300L), (same.Cursor, same.CursorSeq));
        Assert.Equal(new[] { "1", "2" }, same.DeliveredIds);
        Assert.Equal("boss", same.Contacts[User].Alias);
        Assert.False(other.ContinueFrom(old));
        Assert.Equal("", other.Cursor);
        Assert.Empty(other.Contacts);
    }

    [Fact]
    public void A_token_kept_in_memory_is_never_written_and_the_rest_is()
    {
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        var profile = new Profile { Name = "alerts", BotId = "b@im.bot", BotToken = "from-a-secret", TokenInMemoryOnly = true, BoundAt = T0 };
        ContactBook.RecordInbound(profile, new InboundMessage { MessageId = "1", FromUserId = User, CreatedAt = T0, ContextToken = "ctx" }, T0);

        store.Save(profile);

        var text = File.ReadAllText(store.PathOf("alerts"));
        Assert.DoesNotContain("from-a-secret", text);
        var stored = store.TryLoad("alerts")!;
        Assert.Equal("", stored.BotToken);
        Assert.Equal("ctx", stored.Contacts[User].ContextToken);
        Assert.Equal("from-a-secret", profile.BotToken); // still usable in memory

        // A token stored earlier stays stored: keeping a new one in memory does not erase it.
        stored.BotToken = "stored-token";
        store.Save(stored);
        profile.BotToken = "another-secret";
        ContactBook.RecordSent(profile, User, 1);
        store.Save(profile);
        Assert.Equal("stored-token", store.TryLoad("alerts")!.BotToken);
    }

    [Fact]
    public void A_stale_copy_never_drops_the_receivers_newest_delivered_ids()
    {
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        var seed = new Profile { Name = "p", BotId = "b@im.bot", BotToken = "t", BoundAt = T0 };
        seed.DeliveredIds.AddRange(Enumerable.Range(0, Profile.DeliveredIdCapacity).Select(i => "old" + i));
        store.Save(seed);
        var receiver = store.TryLoad("p")!;
        var stale = store.TryLoad("p")!;
        receiver.Receiving = true;

        receiver.DeliveredIds.Add("newest");
        store.Save(receiver);
        ContactBook.RecordSent(stale, "o9xBob@im.wechat", 1);
        store.Save(stale); // a sender in another window writes its count back

        Assert.Contains("newest", store.TryLoad("p")!.DeliveredIds);
        Assert.Contains("newest", stale.DeliveredIds);
    }

    [Fact]
    public void Forgetting_a_profile_removes_its_journal_and_a_rebind_reads_it_first()
    {
        using var dir = new TempDir();
        var store = new ProfileStore(dir.Path);
        var profile = new Profile { Name = "p", BotId = "b@im.bot", BotToken = "t", BoundAt = T0 };
        store.Save(profile);
        using (var journal = DeliveryJournal.Open(store.JournalPathOf("p"), profile))
        {
            journal.Restart(profile);
            journal.Delivered("handed-on-after-the-last-save");
            journal.Committed(42, "cursor-after-the-last-save");
        }

        var previous = store.TryLoad("p")!;
        store.ApplyJournal(previous);
        Assert.Contains("handed-on-after-the-last-save", previous.DeliveredIds);
        Assert.Equal("cursor-after-the-last-save", previous.Cursor);

        Assert.True(store.Delete("p"));
        Assert.False(File.Exists(store.JournalPathOf("p")));
    }
}
