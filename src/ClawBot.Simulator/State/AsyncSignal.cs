namespace ClawBot.Simulator.State;

/// <summary>
/// A broadcast wake-up for long-polls: waiters take <see cref="WaitTask"/> while holding the state lock, and
/// <see cref="Pulse"/> (also called under the lock, after a change) completes it and arms a fresh one. This wakes
/// every waiter at once without polling loops or lost wake-ups.
/// </summary>
public sealed class AsyncSignal
{
    private TaskCompletionSource _tcs = NewSource();

    /// <summary>Completes at the next <see cref="Pulse"/>.</summary>
    public Task WaitTask => Volatile.Read(ref _tcs).Task;

    /// <summary>Wakes everyone waiting on the current task.</summary>
    public void Pulse() => Interlocked.Exchange(ref _tcs, NewSource()).TrySetResult();

    // Continuations must not run inline under the caller's lock.
    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Waits for <paramref name="signal"/> at most <paramref name="timeout"/>; true when signalled, false on timeout.
    /// Cancellation (client gone, server stopping) throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static async Task<bool> WaitAsync(Task signal, TimeSpan timeout, CancellationToken ct)
    {
        if (timeout <= TimeSpan.Zero) return signal.IsCompleted;
        try
        {
            await signal.WaitAsync(timeout, ct).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
