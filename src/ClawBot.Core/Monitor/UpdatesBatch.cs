using System;
using System.Collections.Generic;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Monitor;

/// <summary>One answer of <c>getupdates</c>.</summary>
public sealed class UpdatesBatch
{
    /// <summary>The messages, in server order.</summary>
    public IReadOnlyList<InboundMessage> Messages { get; init; } = Array.Empty<InboundMessage>();
    /// <summary>The cursor to present next: the server's when it sent a non-empty one, else the one presented.</summary>
    public string Cursor { get; init; } = "";
    /// <summary>The server's hold hint for the next poll (<c>longpolling_timeout_ms</c>), when it gave one.</summary>
    public TimeSpan? LongPollHint { get; init; }
    /// <summary>True when the client's own timeout ended the poll (an empty batch, cursor unchanged).</summary>
    public bool TimedOut { get; init; }
}
