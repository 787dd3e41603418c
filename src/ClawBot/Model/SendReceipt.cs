using System;
using System.Collections.Generic;

namespace ClawBot;

/// <summary>What a send delivered (type name <c>ClawBot.SendReceipt</c>).</summary>
public sealed class SendReceipt
{
    internal SendReceipt(string to, string kind, string? fileName, IReadOnlyList<string> clientIds, IReadOnlyList<string?> messageIds, DateTimeOffset sentAt, Session session)
    {
        To = to; Kind = kind; FileName = fileName; ClientIds = clientIds; MessageIds = messageIds; SentAt = sentAt; Session = session;
    }

    /// <summary>The recipient.</summary>
    public string To { get; }
    /// <summary>Text, File, Image or Video.</summary>
    public string Kind { get; }
    /// <summary>The file sent, for file sends.</summary>
    public string? FileName { get; }
    /// <summary>How many messages the service accepted (chunks, caption and media).</summary>
    public int Parts => ClientIds.Count;
    /// <summary>The client id of each part.</summary>
    public IReadOnlyList<string> ClientIds { get; }
    /// <summary>The service's message id of each part, where it returned one.</summary>
    public IReadOnlyList<string?> MessageIds { get; }
    /// <summary>When the last part was accepted.</summary>
    public DateTimeOffset SentAt { get; }
    /// <summary>The session it went out on.</summary>
    public Session Session { get; }

    /// <inheritdoc />
    public override string ToString() => VisibleText.Line($"{Kind} to {To} ({Parts} part{(Parts == 1 ? "" : "s")})");
}
