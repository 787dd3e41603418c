using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Completion;
using ClawBot.Core.Errors;
using ClawBot.Core.Monitor;
using ClawBot.Core.Storage;
using ClawBot.Infrastructure;

namespace ClawBot.Commands;

/// <summary>
/// Streams incoming messages down the pipeline as they arrive, until stopped, -First messages, or -Timeout of quiet.
/// Nothing is lost or repeated: a batch's cursor is stored only after each of its messages went downstream.
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "ClawMessage")]
[OutputType(typeof(Message))]
public sealed class ReceiveClawMessageCommand : ClawBotCmdlet
{
    /// <summary>The sessions to listen on (default: the current one); several merge into one stream.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public Session[]? Session { get; set; }

    /// <summary>Stop after this many messages.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; }

    /// <summary>Stop after this long without a message (a number means seconds).</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan Timeout { get; set; }

    /// <summary>Only messages from these users (ids or aliases).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(RecipientCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? From { get; set; }

    /// <summary>Save every attachment into this folder before the message goes down the pipeline (see Attachment.SavedFile).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SaveAttachmentsTo { get; set; }

    private readonly List<Session> _sessions = new();
    private string? _saveFolder;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Timeout < TimeSpan.Zero)
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, Timeout,
                "-Timeout must be a positive time span (or a number of seconds)."));
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (Session is null)
        {
            if (_sessions.Count == 0) _sessions.Add(ResolveSession(null));
            return;
        }
        foreach (var s in Session) _sessions.Add(ResolveSession(s));
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        _saveFolder = SaveAttachmentsTo is null ? null : GetUnresolvedProviderPathFromPSPath(SaveAttachmentsTo);
        if (_saveFolder is not null && System.IO.File.Exists(_saveFolder))
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.NotAFile, ErrorCategory.InvalidArgument, _saveFolder,
                $"'{_saveFolder}' is a file; -SaveAttachmentsTo must be a folder."));
        }
        var sessions = _sessions.Distinct().ToArray();
        var filters = sessions.ToDictionary(s => s, ResolveSenders);
        var state = new StreamState(First, Timeout);
        try
        {
            RunAsync(async stop =>
            {
                using var done = CancellationTokenSource.CreateLinkedTokenSource(stop);
                state.Done = done;
                var loops = sessions.Select(s => ListenAsync(s, filters[s], state, done.Token)).ToList();
                if (Timeout > TimeSpan.Zero) loops.Add(WatchIdleAsync(state, done));
                await Task.WhenAll(loops).ConfigureAwait(false);
            });
        }
        catch (ClawBotException e)
        {
            // The inbox retries transient failures itself; what reaches here (-14 above all) ends the stream.
            ThrowTerminatingError(ErrorRecords.From(e, state.FailedSession?.Name));
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            // Saving the profile failed (a full disk, a read-only folder, another writer holding the lock too long):
            // what was handed on stays handed on, but the position cannot be kept, so the stream stops here.
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.ProfileWriteFailed, ErrorCategory.WriteError, state.FailedSession?.Name,
                $"The profile could not be stored, so the receive position cannot be kept: {e.Message}",
                $"Check the profile folder ({ProfileStore.HomeVariable} or the default), then run Receive-ClawMessage again; messages after the last stored position come again."));
        }
    }

    private async Task ListenAsync(Session session, HashSet<string>? senders, StreamState state, CancellationToken token)
    {
        var inbox = new Inbox(session.Client, session.Profile, session.Store);
        var failed = false;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var batch = await inbox.PollAsync(token).ConfigureAwait(false);
                // A batch that came is activity, and so is the time spent saving its attachments and handing it on:
                // -Timeout is for a quiet service, not for the work of what it sent.
                if (batch.Count == 0)
                {
                    // Nothing new, but the cursor may have moved (a replay dropped, or the server's own step).
                    lock (session.Gate) inbox.Commit();
                    continue;
                }
                state.BeginWork();
                try
                {
                    if (!await HandleBatchAsync(batch, inbox, session, senders, state, token).ConfigureAwait(false)) return;
                }
                finally
                {
                    state.EndWork();
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped, -First reached or idle: what was delivered is flushed below; the cursor stays put.
        }
        catch (ClawBotException)
        {
            failed = true;
            state.FailedSession ??= session;
            state.Stop();
            throw;
        }
        catch (Exception)
        {
            // The pipeline below stopped (Select-Object -First) or threw, or the profile could not be saved: the other
            // sessions' loops and the idle watcher end too, rather than wait for a message that could no longer be
            // written anywhere.
            failed = true;
            state.FailedSession ??= session;
            state.Stop();
            throw;
        }
        finally
        {
            try
            {
                lock (session.Gate) inbox.Flush();
            }
            catch (Exception) when (failed)
            {
                // The failure already on its way is the one to report; what was delivered is still in the profile in
                // memory and is stored by the next successful save.
            }
        }
    }

    /// <summary>Saves attachments, hands the batch on and commits it; false when -First ended it before its last message.</summary>
    private async Task<bool> HandleBatchAsync(IReadOnlyList<Core.Messaging.InboundMessage> batch, Inbox inbox, Session session, HashSet<string>? senders, StreamState state, CancellationToken token)
    {
        var messages = new List<Message>(batch.Count);
        foreach (var core in batch)
        {
            if (senders is not null && !senders.Contains(core.FromUserId))
            {
                // Passed over, but the sender's context token and send allowance are still news.
                lock (session.Gate) ContactBook.RecordInbound(session.Profile, core, DateTimeOffset.UtcNow);
                continue;
            }
            var message = new Message(core, session);
            if (_saveFolder is not null)
            {
                foreach (var attachment in message.Attachments)
                {
                    await AttachmentDownloads.SaveAsync(this, attachment, _saveFolder, overwrite: false, token).ConfigureAwait(false);
                }
            }
            messages.Add(message);
        }
        // One hand-off per batch, not per message: the pipeline thread writes them all in one go.
        var handledAll = messages.Count == 0 || await OnPipeline(() => EmitAll(messages, inbox, session, state)).ConfigureAwait(false);
        if (!handledAll) return false; // -First reached mid-batch: the rest stays uncommitted and comes again next time
        lock (session.Gate) inbox.Commit();
        return true;
    }

    /// <summary>Writes a batch downstream; false when -First ended it before the last message.</summary>
    private bool EmitAll(List<Message> messages, Inbox inbox, Session session, StreamState state)
    {
        foreach (var message in messages)
        {
            if (state.Finished) return false;
            Emit(message, inbox, session, state);
        }
        return true;
    }

    private void Emit(Message message, Inbox inbox, Session session, StreamState state)
    {
        // The sender's context token is known from now on, whatever happens downstream: a reply the script sends
        // while handling this very message, or a push after a Ctrl-C, must find it.
        lock (session.Gate) ContactBook.RecordInbound(session.Profile, message.Core, DateTimeOffset.UtcNow);
        try
        {
            WriteObject(message);
        }
        catch (Exception e) when (e.GetType().Name == "StopUpstreamCommandsException")
        {
            // Select-Object -First took the message and wants no more: it was delivered.
            lock (session.Gate) inbox.Delivered(message.Core);
            throw;
        }
        lock (session.Gate) inbox.Delivered(message.Core);
        state.Touch();
        if (state.CountOne()) state.Done?.Cancel();
    }

    private static async Task WatchIdleAsync(StreamState state, CancellationTokenSource done)
    {
        try
        {
            while (!done.IsCancellationRequested)
            {
                var wait = state.Working ? state.IdleTimeout : state.IdleTimeout - state.SinceLastActivity;
                if (wait <= TimeSpan.Zero)
                {
                    done.Cancel();
                    return;
                }
                await Task.Delay(wait, done.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) { }
    }

    private HashSet<string>? ResolveSenders(Session session)
    {
        if (From is null) return null;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        lock (session.Gate)
        {
            foreach (var who in From)
            {
                var byAlias = session.Profile.Contacts.Values.FirstOrDefault(c => string.Equals(c.Alias, who, StringComparison.OrdinalIgnoreCase));
                ids.Add(byAlias?.UserId ?? who);
            }
        }
        return ids;
    }

    /// <summary>What the listening loops share: the -First count, the idle clock and the way to end them all.</summary>
    private sealed class StreamState
    {
        private readonly int _first;
        private int _count;
        private long _lastActivityTicks = DateTime.UtcNow.Ticks;

        public StreamState(int first, TimeSpan idleTimeout)
        {
            _first = first;
            IdleTimeout = idleTimeout;
        }

        public TimeSpan IdleTimeout { get; }
        public CancellationTokenSource? Done { get; set; }
        public Session? FailedSession { get; set; }
        public bool Finished => Volatile.Read(ref _stopped) || (_first > 0 && Volatile.Read(ref _count) >= _first);
        private bool _stopped;

        /// <summary>The pipeline below stopped or failed: nothing more may be written, and every loop ends.</summary>
        public void Stop()
        {
            Volatile.Write(ref _stopped, true);
            Done?.Cancel();
        }
        public TimeSpan SinceLastActivity => TimeSpan.FromTicks(DateTime.UtcNow.Ticks - Interlocked.Read(ref _lastActivityTicks));

        public void Touch() => Interlocked.Exchange(ref _lastActivityTicks, DateTime.UtcNow.Ticks);

        private int _working;

        /// <summary>A batch is being handled: the idle clock stands still until <see cref="EndWork"/>.</summary>
        public void BeginWork()
        {
            Interlocked.Increment(ref _working);
            Touch();
        }

        public void EndWork()
        {
            Touch();
            Interlocked.Decrement(ref _working);
        }

        public bool Working => Volatile.Read(ref _working) > 0;

        /// <summary>Counts a delivered message; true when -First is reached.</summary>
        public bool CountOne() => Interlocked.Increment(ref _count) is var n && _first > 0 && n >= _first;
    }
}
