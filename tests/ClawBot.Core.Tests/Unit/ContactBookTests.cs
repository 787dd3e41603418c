using ClawBot.Core.Messaging;
using ClawBot.Core.Storage;

namespace ClawBot.Core.Tests.Unit;

/// <summary>What a user's messages do to the contact book: the newest renews the allowance and the token; no other does.</summary>
public sealed class ContactBookTests
{
    private const string User = "o9xAlice@im.wechat";
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1781234567890);

    private static InboundMessage From(string id, DateTimeOffset at, string token) =>
        new() { MessageId = id, FromUserId = User, CreatedAt = at, ContextToken = token };

    [Fact]
    public void Recording_the_same_message_again_keeps_what_was_sent_in_between()
    {
        // Receive-ClawMessage records a message when it reads it and again once it was handed on; a reply sent by the
        // same pipeline falls in between and must still count against the allowance.
        var profile = new Profile();
        var message = From("1", T0, "t1");
        ContactBook.RecordInbound(profile, message, T0.AddSeconds(1));
        ContactBook.RecordSent(profile, User, 3);
        ContactBook.RecordInbound(profile, message, T0.AddSeconds(2));

        Assert.Equal(3, profile.Contacts[User].SentSinceLastMessage);
    }

    [Fact]
    public void A_newer_message_renews_the_allowance_and_the_token()
    {
        var profile = new Profile();
        ContactBook.RecordInbound(profile, From("1", T0, "t1"), T0);
        ContactBook.RecordSent(profile, User, 4);
        ContactBook.RecordInbound(profile, From("2", T0.AddMinutes(1), "t2"), T0.AddMinutes(1));

        var record = profile.Contacts[User];
        Assert.Equal(0, record.SentSinceLastMessage);
        Assert.Equal("t2", record.ContextToken);
        Assert.Equal(T0.AddMinutes(1), record.LastMessageAt);
    }

    [Fact]
    public void An_older_message_read_late_changes_neither_the_allowance_nor_the_token()
    {
        var profile = new Profile();
        ContactBook.RecordInbound(profile, From("2", T0.AddMinutes(1), "t2"), T0.AddMinutes(1));
        ContactBook.RecordSent(profile, User, 2);
        ContactBook.RecordInbound(profile, From("1", T0, "t1"), T0.AddMinutes(2));

        var record = profile.Contacts[User];
        Assert.Equal(2, record.SentSinceLastMessage);
        Assert.Equal("t2", record.ContextToken);
        Assert.Equal(T0.AddMinutes(1), record.LastMessageAt);
    }

    [Fact]
    public void A_token_is_as_old_as_its_message_not_as_the_moment_it_was_read()
    {
        // A backlog read a day late: the token is a day old, and the send window must know it.
        var profile = new Profile();
        ContactBook.RecordInbound(profile, From("1", T0, "t1"), T0.AddHours(23));
        Assert.Equal(T0, profile.Contacts[User].ContextTokenReceivedAt);

        // Without a server time, the moment it was read is all there is.
        var undated = new Profile();
        ContactBook.RecordInbound(undated, From("x", DateTimeOffset.FromUnixTimeMilliseconds(0), "t"), T0);
        Assert.Equal(T0, undated.Contacts[User].ContextTokenReceivedAt);
    }
}
