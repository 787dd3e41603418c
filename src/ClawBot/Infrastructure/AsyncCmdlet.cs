using System;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace ClawBot.Infrastructure;

/// <summary>
/// Base for cmdlets that call the async core. The work runs on the thread pool; everything that touches the pipeline
/// (Write*, ShouldProcess, host prompts) is queued back to the pipeline thread, which pumps the queue until the work
/// ends. Ctrl-C (<see cref="StopProcessing"/>) cancels the work's token, so a long-poll returns promptly.
/// </summary>
public abstract class AsyncCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private PipelinePump? _queue;
    private int _pipelineThreadId;

    /// <summary>Cancelled when the pipeline is stopped.</summary>
    protected CancellationToken StopToken => _stopping.Token;

    /// <summary>Runs <paramref name="work"/> to completion while serving its pipeline requests on this thread.</summary>
    /// <remarks>
    /// A pipeline action may throw here: a WriteError under <c>$ErrorActionPreference = 'Stop'</c>, a downstream
    /// command that failed. Then the work is cancelled and waited for (its further pipeline requests are refused, so
    /// it cannot hang on them or write from its own thread), and only then does that exception end the command: no
    /// login or receive loop goes on unseen after the command has failed.
    /// </remarks>
    protected void RunAsync(Func<CancellationToken, Task> work)
    {
        using var queue = new PipelinePump();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        _queue = queue;
        _refusing = false;
        _pipelineThreadId = Environment.CurrentManagedThreadId;
        Task task;
        ExceptionDispatchInfo? failure = null;
        try
        {
            WantsVerbose = Wants("Verbose", "VerbosePreference") || DebugWithoutVerbose(); // see Verbose
            WantsDebug = Wants("Debug", "DebugPreference");
            var log = new CmdletClientLog(this);
            task = Task.Run(() =>
            {
                // The session's client is shared; this routes its log records to the cmdlet running now.
                ClientLogRouter.Current = log;
                return work(cancel.Token);
            });
            // Ends the pump from the thread that completes the work, without a further hop through the pool.
            task.ContinueWith(_ => queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (var action in queue.GetConsumingEnumerable())
            {
                if (failure is not null)
                {
                    action(); // refused: see _refusing
                    continue;
                }
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                    _refusing = true;
                    cancel.Cancel();
                }
            }
        }
        finally
        {
            _queue = null;
        }

        if (failure is not null)
        {
            // The work's own outcome (most likely the cancellation just asked for) is beside the point now.
            try { task.GetAwaiter().GetResult(); }
            catch (Exception) { }
            failure.Throw();
        }

        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Whether verbose records would be shown: read on the pipeline thread when the work starts.</summary>
    internal bool WantsVerbose { get; private set; }

    /// <summary>Whether debug records would be shown: read on the pipeline thread when the work starts.</summary>
    internal bool WantsDebug { get; private set; }

    // -Verbose/-Debug when given, else the preference variable in scope. Records nobody would see are neither
    // formatted nor queued to the pipeline thread (a queued record wakes it, one more thread switch per HTTP call).
    private bool Wants(string parameter, string preference)
    {
        if (MyInvocation.BoundParameters.TryGetValue(parameter, out var given) && given is SwitchParameter on) return on.IsPresent;
        var value = GetVariableValue(preference);
        return value is null || !(value is ActionPreference pref
            ? pref is ActionPreference.SilentlyContinue or ActionPreference.Ignore
            : string.Equals(value.ToString(), nameof(ActionPreference.SilentlyContinue), StringComparison.OrdinalIgnoreCase)
              || string.Equals(value.ToString(), nameof(ActionPreference.Ignore), StringComparison.OrdinalIgnoreCase));
    }

    // Set once a pipeline action threw: what the work still queues is not run (it may only write, and the command is
    // failing), and what it waits for is cancelled.
    private volatile bool _refusing;

    /// <summary>Runs <paramref name="action"/> on the pipeline thread and waits for it; its exception flows back to the caller.</summary>
    protected Task OnPipeline(Action action) => OnPipeline<object?>(() => { action(); return null; });

    /// <summary>Runs <paramref name="func"/> on the pipeline thread and returns its result.</summary>
    protected Task<T> OnPipeline<T>(Func<T> func)
    {
        if (Environment.CurrentManagedThreadId == _pipelineThreadId)
        {
            return Task.FromResult(func());
        }

        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Never run pipeline work on another thread: once the command is over (or failing), the request is refused.
        var queue = _queue;
        if (queue is null || _refusing)
        {
            done.TrySetCanceled();
            return done.Task;
        }

        void Run()
        {
            if (_refusing)
            {
                done.TrySetCanceled();
                return;
            }
            try { done.TrySetResult(func()); }
            catch (Exception e) { done.TrySetException(e); }
        }

        try
        {
            if (!queue.TryAdd(Run)) done.TrySetCanceled();
        }
        catch (InvalidOperationException)
        {
            done.TrySetCanceled();
        }
        return done.Task;
    }

    /// <summary>
    /// Queues a pipeline action without waiting (log lines, progress, warnings from any thread); dropped once the work
    /// has ended. Once the pipeline is stopping, PowerShell refuses every write: such a line is dropped too, so that
    /// the work's own outcome (what a stopped send delivered) is what the command reports, not a log line's failure.
    /// </summary>
    protected void Post(Action action)
    {
        if (Environment.CurrentManagedThreadId == _pipelineThreadId)
        {
            Quietly(action);
            return;
        }
        try { _queue?.TryAdd(() => { if (!_refusing) Quietly(action); }); }
        catch (InvalidOperationException) { /* completed or disposed: the work is over, nothing left to report to */ }
    }

    private void Quietly(Action write)
    {
        if (Stopping) return;
        try { write(); }
        catch (PipelineStoppedException) when (Stopping) { }
    }

    /// <summary>Writes a verbose line from any thread.</summary>
    internal void PostVerbose(string text)
    {
        if (WantsVerbose) Post(() => Verbose(text));
    }

    /// <summary>
    /// Writes a verbose line. Under -Debug without -Verbose, PowerShell gives a compiled cmdlet a VerbosePreference of
    /// Inquire: every verbose record would ask "Continue with this operation?" in a console and fail in a
    /// non-interactive host. There the line goes to the debug stream, which -Debug shows without asking.
    /// </summary>
    internal void Verbose(string text)
    {
        if (DebugWithoutVerbose()) WriteDebug(text);
        else WriteVerbose(text);
    }

    private bool DebugWithoutVerbose()
    {
        var bound = MyInvocation.BoundParameters;
        return bound.TryGetValue("Debug", out var debug) && debug is SwitchParameter { IsPresent: true } && !bound.ContainsKey("Verbose");
    }

    /// <summary>Writes a non-terminating error from any thread.</summary>
    internal void PostError(ErrorRecord record) => Post(() => WriteError(record));

    /// <summary>Writes a progress record from any thread.</summary>
    internal void PostProgress(ProgressRecord record) => Post(() => WriteProgress(record));

    /// <summary>Writes a debug line from any thread.</summary>
    internal void PostDebug(string text)
    {
        if (WantsDebug) Post(() => WriteDebug(text));
    }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _pipelineThreadId = Environment.CurrentManagedThreadId;
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _stopping.Cancel();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the cancellation source.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing) _stopping.Dispose();
    }
}
