using System;

namespace ClawBot.Core.Monitor;

/// <summary>How the receive loop backs off after failed polls (defaults are the official client's).</summary>
public sealed class InboxOptions
{
    /// <summary>The pause after a failed poll.</summary>
    public TimeSpan ErrorDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longer pause after every <see cref="FailuresBeforeBackoff"/> failures in a row.</summary>
    public TimeSpan BackoffDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many failures in a row earn the longer pause.</summary>
    public int FailuresBeforeBackoff { get; set; } = 3;

    /// <summary>
    /// While a backlog drains, the profile is written at most this often (and always once the backlog is empty, and on
    /// Flush); every batch still moves the cursor in memory. Zero writes after every batch. A hard kill can repeat at
    /// most this much of the stream, since what was delivered but not yet written comes again.
    /// </summary>
    public TimeSpan SaveInterval { get; set; } = TimeSpan.FromSeconds(1);
}
