using System;
using ClawBot.Core.Messaging;
using ClawBot.Core.Storage;

namespace ClawBot;

/// <summary>
/// A user in a profile's contact book (type name <c>ClawBot.Contact</c>): when they last wrote, and how much the bot
/// may still send them before they write again. The context token itself is never shown.
/// </summary>
public sealed class Contact
{
    internal Contact(ContactRecord record, Session session, DateTimeOffset now)
    {
        UserId = record.UserId;
        Alias = record.Alias;
        LastMessageAt = record.LastMessageAt?.ToLocalTime();
        ContextTokenAge = record.ContextTokenReceivedAt is { } at && !string.IsNullOrEmpty(record.ContextToken) ? now - at : null;
        var window = SendWindow.Of(record, now);
        WindowClosesAt = window.HasLiveToken ? window.ClosesAt?.ToLocalTime() : null;
        SendsRemaining = window.HasLiveToken ? window.Remaining : 0;
        CanSend = window.WhyClosedFor(1) is null;
        Window = !CanSend ? "Closed" : window.NearlySpent(now) is null ? "Open" : "NearlySpent";
        Session = session;
    }

    /// <summary>The user id (<c>…@im.wechat</c>); binds to -To of the send cmdlets.</summary>
    public string UserId { get; }
    /// <summary>The friendly name set with Set-ClawContact, usable as -To.</summary>
    public string? Alias { get; }
    /// <summary>When the user last wrote to the bot.</summary>
    public DateTimeOffset? LastMessageAt { get; }
    /// <summary>How old the held context token is; null when none is held.</summary>
    public TimeSpan? ContextTokenAge { get; }
    /// <summary>When the held token stops working (about a day after it arrived); null when the window is closed.</summary>
    public DateTimeOffset? WindowClosesAt { get; }
    /// <summary>Messages the bot may still send before the user must write again (the service allows about 10 per user message).</summary>
    public int? SendsRemaining { get; }
    /// <summary>True when a send would go out now, as far as the contact book knows.</summary>
    public bool CanSend { get; }
    /// <summary>
    /// Open; NearlySpent (2 sends or fewer left, or the token stops working within 2 hours); or Closed. Any message
    /// from the user renews it.
    /// </summary>
    public string Window { get; }
    /// <summary>The session whose contact book this is.</summary>
    public Session Session { get; }

    /// <inheritdoc />
    public override string ToString() => VisibleText.Line(Alias is null ? UserId : $"{Alias} ({UserId})");
}
