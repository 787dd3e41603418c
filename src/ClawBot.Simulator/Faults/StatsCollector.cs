using ClawBot.Simulator.Control;

namespace ClawBot.Simulator.Faults;

/// <summary>Counters for benchmarks and tests: connections (Kestrel connection middleware), calls, strict violations.</summary>
public sealed class StatsCollector
{
    private readonly object _sync = new();
    private long _connections;
    private readonly Dictionary<string, long> _requests = new(StringComparer.Ordinal);
    private readonly List<string> _violations = new();

    public void ConnectionOpened() => Interlocked.Increment(ref _connections);

    public void Request(string endpoint)
    {
        lock (_sync) _requests[endpoint] = _requests.TryGetValue(endpoint, out var n) ? n + 1 : 1;
    }

    public void Violation(string text)
    {
        lock (_sync) _violations.Add(text);
    }

    public void Reset()
    {
        lock (_sync)
        {
            _requests.Clear();
            _violations.Clear();
            Interlocked.Exchange(ref _connections, 0);
        }
    }

    public SimStats Snapshot()
    {
        lock (_sync)
        {
            return new SimStats
            {
                ConnectionsOpened = Interlocked.Read(ref _connections),
                RequestsByEndpoint = new Dictionary<string, long>(_requests),
                StrictViolations = new List<string>(_violations),
            };
        }
    }
}
