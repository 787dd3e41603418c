using System;
using ClawBot.Core.Storage;

namespace ClawBot.Core.Messaging;

/// <summary>
/// The service's two limits on what a bot may send a user, as measured by community clients (PROTOCOL.md §6.4, SIM-21):
/// a context token lasts about a day, and only a bounded number of bot messages may follow each user message.
/// </summary>
public sealed class SendWindowPolicy
{
    /// <summary>The limits as measured: 24 h per token, 10 messages per user message.</summary>
    public static SendWindowPolicy Default { get; } = new();

    /// <summary>How long a context token stays usable after it arrived.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Bot messages allowed per user message; 0 = no limit known.</summary>
    public int MessagesPerUserMessage { get; set; } = 10;

    /// <summary>A window with this many sends left or fewer is nearly spent.</summary>
    public int NearlySpentRemaining { get; set; } = 2;

    /// <summary>A window whose token stops working within this time is nearly spent.</summary>
    public TimeSpan NearlySpentBeforeClose { get; set; } = TimeSpan.FromHours(2);
}

/// <summary>What the contact book says about sending to one user now.</summary>
public sealed class SendWindowState
{
    /// <summary>When the context token stops working, if one is known.</summary>
    public DateTimeOffset? ClosesAt { get; init; }

    /// <summary>Messages left before the user must write again; null when no limit is known.</summary>
    public int? Remaining { get; init; }

    /// <summary>True when a token is held and not yet expired.</summary>
    public bool HasLiveToken { get; init; }

    /// <summary>
    /// Why the window is nearly spent (few sends left, or the token about to stop working), or null: what an alert
    /// script should hear before its next alert fails.
    /// </summary>
    public string? NearlySpent(DateTimeOffset now, SendWindowPolicy? policy = null)
    {
        policy ??= SendWindowPolicy.Default;
        if (!HasLiveToken) return null;
        if (Remaining is { } left && left <= policy.NearlySpentRemaining)
            return left == 0 ? "no more messages can reach them" : $"only {left} more message{(left == 1 ? "" : "s")} can reach them";
        if (ClosesAt is { } closes && closes - now <= policy.NearlySpentBeforeClose)
        {
            var rest = closes - now;
            return $"their context token stops working in {(rest.TotalMinutes < 60 ? $"{Math.Max(1, (int)rest.TotalMinutes)} min" : $"{rest.TotalHours:0.#} h")}";
        }
        return null;
    }

    /// <summary>Why <paramref name="parts"/> messages cannot go out now, or null when they can (as far as the book knows).</summary>
    public string? WhyClosedFor(int parts)
    {
        if (!HasLiveToken) return ClosesAt is null ? "no context token is known" : $"the context token expired at {ClosesAt:u}";
        if (Remaining is { } left && parts > left)
        {
            return left == 0
                ? "the bot already sent as many messages as the service allows since the user last wrote"
                : $"the send needs {parts} messages but only {left} remain until the user writes again";
        }
        return null;
    }
}

/// <summary>Computes a user's send window from the contact book.</summary>
public static class SendWindow
{
    /// <summary>The window for <paramref name="contact"/> (null: an unknown user) at <paramref name="now"/>.</summary>
    public static SendWindowState Of(ContactRecord? contact, DateTimeOffset now, SendWindowPolicy? policy = null)
    {
        policy ??= SendWindowPolicy.Default;
        if (contact is null || string.IsNullOrEmpty(contact.ContextToken)) return new SendWindowState();
        var closesAt = contact.ContextTokenReceivedAt + policy.TokenLifetime;
        int? remaining = policy.MessagesPerUserMessage > 0
            ? Math.Max(0, policy.MessagesPerUserMessage - contact.SentSinceLastMessage)
            : null;
        return new SendWindowState
        {
            ClosesAt = closesAt,
            Remaining = remaining,
            HasLiveToken = closesAt is null || closesAt > now,
        };
    }
}
