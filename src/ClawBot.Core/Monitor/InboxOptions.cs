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
    /// Flush); every batch still moves the cursor in memory, and in the delivery journal when there is one. Zero
    /// writes after every batch. Without a journal, a hard kill can repeat at most this much of the stream.
    /// </summary>
    public TimeSpan SaveInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After this many failed polls in a row, the outage is reported once (and its end); 0 = never.</summary>
    public int OutageAfter { get; set; } = 3;
}
