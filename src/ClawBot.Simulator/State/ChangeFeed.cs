namespace ClawBot.Simulator.State;

/// <summary>
/// "Something changed": a version number and a wake-up, so the chat page's event stream can tell browsers to refresh
/// without knowing what changed. Bumped after every request that may change state (see ChangeNotifier) and by the
/// simulator's own timers (demo auto-confirm).
/// </summary>
public sealed class ChangeFeed
{
    private long _version;
    private readonly AsyncSignal _signal = new();

    /// <summary>Grows by one at every <see cref="Notify"/>.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Completes at the next <see cref="Notify"/>. Take it before reading <see cref="Version"/> so no change is missed.</summary>
    public Task WaitTask => _signal.WaitTask;

    public void Notify()
    {
        Interlocked.Increment(ref _version);
        _signal.Pulse();
    }
}
