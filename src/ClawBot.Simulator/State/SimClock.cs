namespace ClawBot.Simulator.State;

/// <summary>
/// The simulator's notion of "now": real time plus an offset tests can advance, so 24 h token lifetimes and QR TTLs
/// can be crossed without waiting. Long-poll holds use real time (they are about the client's socket timeouts).
/// </summary>
public sealed class SimClock
{
    private long _offsetTicks;

    /// <summary>The simulated current time.</summary>
    public DateTimeOffset Now => DateTimeOffset.UtcNow + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the clock forward (or back, with a negative span).</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
