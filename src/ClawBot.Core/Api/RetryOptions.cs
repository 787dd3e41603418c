using System;

namespace ClawBot.Core.Api;

/// <summary>Bounded exponential backoff with jitter, for calls that are safe to repeat.</summary>
public sealed class RetryOptions
{
    /// <summary>Attempts in total, the first included (1 = no retry).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The delay before the second attempt; it doubles each time, with ±25 % jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>No single delay is longer than this.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);
}
