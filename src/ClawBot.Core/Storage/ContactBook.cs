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
        }
    }

    /// <summary>The bot sent <paramref name="parts"/> messages (chunks, captions, media) to a user.</summary>
    public static void RecordSent(Profile profile, string userId, int parts)
    {
        if (parts <= 0) return;
        GetOrAdd(profile, userId).SentSinceLastMessage += parts;
    }

    /// <summary>The latest context token for a user, or null.</summary>
    public static string? ContextTokenOf(Profile profile, string userId)
    {
        if (profile is null) throw new ArgumentNullException(nameof(profile));
        return userId != null && profile.Contacts.TryGetValue(userId, out var record) ? record.ContextToken : null;
    }
}
