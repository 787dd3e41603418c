using ClawBot.Simulator.Control;

namespace ClawBot.Simulator.Faults;

/// <summary>Queued faults per endpoint (SIM-10, SIM-11, SIM-16). Each call of an endpoint consumes one count.</summary>
public sealed class FaultRegistry
{
    private readonly object _sync = new();
    private readonly Dictionary<string, Queue<SimFault>> _queues = new(StringComparer.OrdinalIgnoreCase);

    public void Add(SimFault fault)
    {
        if (fault.Count <= 0) return;
        lock (_sync)
        {
            if (!_queues.TryGetValue(fault.Endpoint, out var q)) _queues[fault.Endpoint] = q = new Queue<SimFault>();
            // Copy, so the caller's object is not mutated as counts are consumed.
            q.Enqueue(new SimFault
            {
                Endpoint = fault.Endpoint, Kind = fault.Kind, Count = fault.Count,
                Status = fault.Status, Ret = fault.Ret, Delay = fault.Delay,
            });
        }
    }

    public void Clear()
    {
        lock (_sync) _queues.Clear();
    }

    /// <summary>Copies of the queued faults with their remaining counts, endpoint by endpoint in queue order.</summary>
    public List<SimFault> Snapshot()
    {
        lock (_sync)
            return _queues.Values.SelectMany(q => q).Select(f => new SimFault
            {
                Endpoint = f.Endpoint, Kind = f.Kind, Count = f.Count, Status = f.Status, Ret = f.Ret, Delay = f.Delay,
            }).ToList();
    }

    /// <summary>The fault for this call of <paramref name="endpoint"/>, or null.</summary>
    public SimFault? Take(string endpoint)
    {
        lock (_sync)
        {
            if (!_queues.TryGetValue(endpoint, out var q) || q.Count == 0) return null;
            var head = q.Peek();
            head.Count--;
            if (head.Count <= 0) q.Dequeue();
            return head;
        }
    }
}
