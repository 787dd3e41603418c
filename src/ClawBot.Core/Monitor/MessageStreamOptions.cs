using System;

namespace ClawBot.Core.Monitor;

/// <summary>When a <see cref="MessageStream"/> ends by itself.</summary>
public sealed class MessageStreamOptions
{
    /// <summary>After this many messages were handed on; 0 = no limit.</summary>
    public int First { get; init; }

    /// <summary>After this long without a message (the time spent handing one on does not count); zero = never.</summary>
    public TimeSpan IdleTimeout { get; init; }
}
