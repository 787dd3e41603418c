using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace ClawBot.Infrastructure;

/// <summary>
/// The queue of actions that the work sends to the pipeline thread, which drains it until the work ends. It does what
/// <c>BlockingCollection&lt;Action&gt;</c> did here without its cost: that one wakes a waiting consumer at
/// <c>CompleteAdding</c> by cancelling a token, so every call (every message a pipeline sends) threw and caught an
/// <see cref="OperationCanceledException"/> on the pipeline thread. Here one semaphore counts both actions and the end.
/// </summary>
internal sealed class PipelinePump : IDisposable
{
    private readonly ConcurrentQueue<Action> _actions = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly object _gate = new();
    private bool _completed;

    /// <summary>Queues an action; false once the pump is completed (the action will never run).</summary>
    public bool TryAdd(Action action)
    {
        lock (_gate)
        {
            if (_completed) return false;
            _actions.Enqueue(action);
        }
        _signal.Release();
        return true;
    }

    /// <summary>No more actions: the consumer ends once it has run those already queued.</summary>
    public void CompleteAdding()
    {
        lock (_gate)
        {
            if (_completed) return;
            _completed = true;
        }
        _signal.Release();
    }

    /// <summary>The actions in order, blocking between them, until <see cref="CompleteAdding"/> and the queue is empty.</summary>
    public IEnumerable<Action> GetConsumingEnumerable()
    {
        while (true)
        {
            _signal.Wait();
            if (_actions.TryDequeue(out var action))
            {
                yield return action;
                continue;
            }
            // The release that woke us was the end's: nothing can be added any more, and nothing is left.
            lock (_gate)
                if (_completed && _actions.IsEmpty) yield break;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _signal.Dispose();
}
