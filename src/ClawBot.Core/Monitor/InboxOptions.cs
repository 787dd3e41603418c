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
}
