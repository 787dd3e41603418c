using System;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Storage;

/// <summary>
/// Keeps a profile's contact book current: the latest context token per user (the reply anchor), when the user last
/// wrote, and how many messages the bot sent since (the service allows only a bounded number).
/// </summary>
public static class ContactBook
{
    /// <summary>The record for a user, created when missing.</summary>
    public static ContactRecord GetOrAdd(Profile profile, string userId)
    {
        if (profile is null) throw new ArgumentNullException(nameof(profile));
        if (string.IsNullOrEmpty(userId)) throw new ArgumentException("A user id is required.", nameof(userId));
        if (!profile.Contacts.TryGetValue(userId, out var record))
        {
            record = new ContactRecord { UserId = userId };
            profile.Contacts[userId] = record;
        }
        return record;
    }

    /// <summary>The user wrote to the bot: keep the message's context token, note the time, and renew the allowance.</summary>
    public static void RecordInbound(Profile profile, InboundMessage message, DateTimeOffset receivedAt)
    {
        if (message is null) throw new ArgumentNullException(nameof(message));
        if (string.IsNullOrEmpty(message.FromUserId)) return;
        var record = GetOrAdd(profile, message.FromUserId);
        // The server's time when it gave one. Only the user's newest message renews the send allowance, and recording
        // the same message again (as soon as it is read, and once it was handed on) must not reset what the bot sent
        // in between, e.g. a reply from the same pipeline.
        var at = message.CreatedAt > DateTimeOffset.FromUnixTimeMilliseconds(0) ? message.CreatedAt : receivedAt;
        var notOlder = record.LastMessageAt is null || at >= record.LastMessageAt;
        if (notOlder && !string.IsNullOrEmpty(message.ContextToken))
        {
            record.ContextToken = message.ContextToken;
            // The token's age counts from when the server issued it: a backlog read a day late holds old tokens.
            record.ContextTokenReceivedAt = at;
        }
        if (record.LastMessageAt is null || at > record.LastMessageAt)
        {
            record.LastMessageAt = at;
            record.SentSinceLastMessage = 0;
            record.SentStored = 0;
        }
    }

    /// <summary>The bot sent <paramref name="parts"/> messages (chunks, captions, media) to a user.</summary>
    public static void RecordSent(Profile profile, string userId, int parts)
    {
        if (parts <= 0) return;
        GetOrAdd(profile, userId).SentSinceLastMessage += parts;
        profile.HasUnsavedChanges = true;
    }

    /// <summary>
    /// The service refused a send to a user the contact book thought it could still reach: its count of what the bot
    /// may send is behind (others sent too, or the token aged out early). The window is closed until the user writes
    /// again, so the next send fails fast instead of spending a request (or an upload).
    /// </summary>
    public static void RecordRefused(Profile profile, string userId, SendWindowPolicy? policy = null)
    {
        policy ??= SendWindowPolicy.Default;
        var record = GetOrAdd(profile, userId);
        var limit = policy.MessagesPerUserMessage > 0 ? policy.MessagesPerUserMessage : record.SentSinceLastMessage + 1;
        if (record.SentSinceLastMessage < limit) record.SentSinceLastMessage = limit;
        profile.HasUnsavedChanges = true;
    }

    /// <summary>
    /// The user a script means: a contact's id, else a contact's alias (any case), else the text itself when it is a
    /// full user id (<see cref="IsUserId"/>); null when it is none of these (a typo should not quietly name nobody).
    /// </summary>
    public static (string UserId, ContactRecord? Contact)? Resolve(Profile profile, string idOrAlias)
    {
        if (profile is null) throw new ArgumentNullException(nameof(profile));
        if (string.IsNullOrEmpty(idOrAlias)) return null;
        if (profile.Contacts.TryGetValue(idOrAlias, out var byId)) return (idOrAlias, byId);
        foreach (var contact in profile.Contacts.Values)
        {
            if (string.Equals(contact.Alias, idOrAlias, StringComparison.OrdinalIgnoreCase)) return (contact.UserId, contact);
        }
        return IsUserId(idOrAlias) ? (idOrAlias, null) : null;
    }

    /// <summary>True for a WeChat user id as the service writes them: <c>&lt;id&gt;@im.wechat</c>, no spaces or control characters.</summary>
    public static bool IsUserId(string text)
    {
        const string suffix = "@im.wechat";
        if (text is null || text.Length <= suffix.Length || !text.EndsWith(suffix, StringComparison.Ordinal)) return false;
        for (var i = 0; i < text.Length - suffix.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c == '@') return false;
        }
        return true;
    }

    /// <summary>The latest context token for a user, or null.</summary>
    public static string? ContextTokenOf(Profile profile, string userId)
    {
        if (profile is null) throw new ArgumentNullException(nameof(profile));
        return userId != null && profile.Contacts.TryGetValue(userId, out var record) ? record.ContextToken : null;
    }
}
