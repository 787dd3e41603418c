using System;
using ClawBot.Core.Api;

namespace ClawBot.Core.Http;

/// <summary>Exponential backoff with ±25 % jitter, so many clients failing together do not retry in step.</summary>
internal static class Backoff
{
    private static readonly Random Jitter = new();

    /// <summary>The delay after the failed attempt number <paramref name="attempt"/> (1-based).</summary>
    public static TimeSpan Delay(RetryOptions options, int attempt)
    {
        var baseMs = Math.Max(0, options.BaseDelay.TotalMilliseconds);
        var capMs = Math.Max(0, options.MaxDelay.TotalMilliseconds);
        var exponential = baseMs * Math.Pow(2, Math.Min(attempt - 1, 30));
        double factor;
        lock (Jitter) factor = 0.75 + Jitter.NextDouble() * 0.5;
        return TimeSpan.FromMilliseconds(Math.Min(capMs, exponential * factor));
    }
}
