using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Errors;
using ClawBot.Core.Messaging;
using ClawBot.Core.Storage;

namespace ClawBot.Core.Monitor;

/// <summary>
/// The messages of one or more bots as one stream, delivered exactly once: each bot's inbox is polled, its batches are
/// filtered by sender and handed on one batch at a time, the delivery of each message is journaled as it happens, and
/// the cursor moves past a batch only when every message of it was handed on or passed over. The stream ends when
/// cancelled, after <see cref="MessageStreamOptions.First"/> messages, after <see cref="MessageStreamOptions.IdleTimeout"/>
/// of quiet, or when a bot's session fails.
/// </summary>
/// <remarks>
/// <para>Guarantees, as tested: nothing handed on is lost; nothing is handed on twice, except the one message being
/// handed on at the instant the process is killed; a stop (cancellation, the consumer ending the stream) repeats
/// nothing. One stream per profile at a time, across processes: a second one is refused with
/// <see cref="ProfileBusyException"/>.</para>
/// <para>Usage: <see cref="Open"/> (takes the receive locks and applies the journals), <see cref="RunAsync"/>, then
/// <see cref="Dispose"/> (writes the profiles and releases the locks).</para>
/// </remarks>
public sealed class MessageStream : IDisposable
{
    private readonly List<Member> _members;
    private readonly MessageStreamOptions _options;
    private readonly SemaphoreSlim _lane = new(1, 1);
    private int _handedOn;
    private System.Runtime.ExceptionServices.ExceptionDispatchInfo? _failure;
    private int _working;
    private long _lastActivityTicks = DateTime.UtcNow.Ticks;
    private bool _disposed;

    private MessageStream(List<Member> members, MessageStreamOptions options)
    {
        _members = members;
        _options = options;
    }

    /// <summary>
    /// Takes every source's receive lock and brings its profile up to date from its delivery journal (what a killed
    /// receiver had handed on), writing the profile. All or nothing: when one source cannot be opened, none stays
    /// locked.
    /// </summary>
    /// <exception cref="ProfileBusyException">A source's profile is being received elsewhere.</exception>
    public static MessageStream Open(IReadOnlyList<StreamSource> sources, MessageStreamOptions? options = null, IReceiveObserver? observer = null)
    {
        if (sources is null || sources.Count == 0) throw new ArgumentException("At least one source is required.", nameof(sources));
        options ??= new MessageStreamOptions();
        var members = new List<Member>();
        try
        {
            foreach (var source in sources)
            {
                var receiveLock = source.Store.AcquireReceiveLock(source.Profile.Name);
                DeliveryJournal? journal = null;
                try
                {
                    lock (source.Profile.SyncRoot)
                    {
                        // Another window may have received on this profile since this copy was loaded: start from
                        // where it stopped, not from this copy's older cursor. From then on this copy is the receiver.
                        source.Store.Refresh(source.Profile);
                        source.Profile.Receiving = true;
                        journal = DeliveryJournal.Open(source.Store.JournalPathOf(source.Profile.Name), source.Profile);
                        if (journal.RecoveredIds > 0 || journal.RecoveredCursor) source.Store.Save(source.Profile);
                        journal.Restart(source.Profile);
                    }
                    var inbox = new Inbox(source.Client, source.Profile, source.Store, source.Client.Options.ReceiveBackoff, journal, observer);
                    members.Add(new Member(source, inbox, journal, receiveLock));
                }
                catch
                {
                    lock (source.Profile.SyncRoot) source.Profile.Receiving = false;
                    journal?.Dispose();
                    receiveLock.Dispose();
                    throw;
                }
            }
        }
        catch
        {
            foreach (var m in members) m.Release();
            throw;
        }
        return new MessageStream(members, options);
    }

    /// <summary>The source whose failure ended the stream, if one did.</summary>
    public StreamSource? FailedSource { get; private set; }

    /// <summary>Messages handed on so far.</summary>
    public int HandedOnCount => Volatile.Read(ref _handedOn);

    /// <summary>
    /// Streams until the end (see the class). <paramref name="handOn"/> gets one batch at a time, never two at once;
    /// it hands each message on in order and calls <see cref="DeliveryBatch.HandedOn"/> right after each. When it
    /// returns, a batch it handed on whole is committed; one it handed on in part (-First reached, or stopped) stays
    /// uncommitted, and its remaining messages come again next time. An exception from it ends the stream and is
    /// thrown from here; so is a source's failure that retrying cannot help (-14, a refused request, the profile
    /// unwritable). Ending by cancellation or by the stream's own limits returns normally.
    /// </summary>
    public async Task RunAsync(Func<DeliveryBatch, CancellationToken, Task> handOn, CancellationToken cancellationToken)
    {
        if (handOn is null) throw new ArgumentNullException(nameof(handOn));
        if (_disposed) throw new ObjectDisposedException(nameof(MessageStream));
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Touch(); // the quiet time -Timeout allows starts with the stream, not with opening it
        var loops = _members.Select(m => ListenAsync(m, handOn, done)).ToList();
        if (_options.IdleTimeout > TimeSpan.Zero) loops.Add(WatchIdleAsync(done));
        var saving = SaveWhenDueAsync(done);
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested && !loops.Any(t => t.IsFaulted))
        {
            // Stopped, -First reached or idle.
        }
        catch (Exception) when (_failure is not null)
        {
            // Several loops may fail as the first one ends them all: what ended the stream is what is reported.
        }
        finally
        {
            done.Cancel();
            await saving.ConfigureAwait(false);
        }
        _failure?.Throw();
    }

    private void Fail(Member member, Exception e, CancellationTokenSource done)
    {
        lock (_members)
        {
            if (_failure is null)
            {
                FailedSource = member.Source;
                _failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
        }
        done.Cancel();
    }

    // A commit writes the profile at most once per SaveInterval; when the backlog drains within that time, the next
    // write would wait for a long-poll: this writes it once it is due, so other windows see new contacts soon.
    private async Task SaveWhenDueAsync(CancellationTokenSource done)
    {
        var period = _members.Min(m => m.Inbox.SaveInterval);
        if (period <= TimeSpan.Zero) return;
        try
        {
            while (!done.IsCancellationRequested)
            {
                await Task.Delay(period, done.Token).ConfigureAwait(false);
                foreach (var m in _members)
                {
                    try { m.Inbox.SaveIfDue(); }
                    catch (Exception e) when (e is not OperationCanceledException) { Fail(m, e, done); return; }
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task ListenAsync(Member member, Func<DeliveryBatch, CancellationToken, Task> handOn, CancellationTokenSource done)
    {
        var failed = false;
        try
        {
            while (!done.IsCancellationRequested)
            {
                var batch = await member.Inbox.PollAsync(done.Token).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    // Nothing new, but the cursor may have moved (a replay dropped, or the server's own step).
                    member.Inbox.Commit();
                    continue;
                }
                if (!await HandOnAsync(member, batch, handOn, done).ConfigureAwait(false)) return;
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
            // Stopped: what was handed on is in the journal and goes into the profile below; the cursor stays put.
        }
        catch (Exception e)
        {
            // A failure here (a session ended, the profile unwritable, the consumer threw) ends every loop, rather
            // than leave them waiting for messages nobody can take.
            failed = true;
            Fail(member, e, done);
            throw;
        }
        finally
        {
            try
            {
                member.Inbox.Flush();
            }
            catch (Exception e) when (!failed)
            {
                // Stopped, but what was handed on could not be written: the journal still has it, and the failure is
                // what ends the stream.
                Fail(member, e, done);
                throw;
            }
            catch (Exception) when (failed)
            {
                // The failure already on its way is the one to report; what was handed on is in the journal, which
                // the next stream on this profile applies.
            }
        }
    }

    /// <summary>Filters, hands on and commits one batch; false when the stream is over (limits reached, or stopped mid-batch).</summary>
    private async Task<bool> HandOnAsync(Member member, IReadOnlyList<InboundMessage> batch, Func<DeliveryBatch, CancellationToken, Task> handOn, CancellationTokenSource done)
    {
        var senders = member.Source.Senders;
        var wanted = new List<InboundMessage>(batch.Count);
        foreach (var message in batch)
        {
            if (senders is null || senders.Contains(message.FromUserId)) wanted.Add(message);
            else member.Inbox.RecordSender(message); // its sender's context token and allowance are news all the same
        }

        if (wanted.Count > 0)
        {
            // A wanted message is activity, and so is the time spent handing it on: -Timeout is for a quiet stream,
            // not for the work of what came (messages passed over by -From are not activity).
            Interlocked.Increment(ref _working);
            Touch();
            try
            {
                if (!await HandOnWantedAsync(member, wanted, handOn, done).ConfigureAwait(false)) return false;
            }
            finally
            {
                Touch();
                Interlocked.Decrement(ref _working);
            }
        }
        member.Inbox.Commit();
        return true;
    }

    /// <summary>Hands on the wanted messages of a batch, one batch at a time across sources; false when the stream is over.</summary>
    private async Task<bool> HandOnWantedAsync(Member member, List<InboundMessage> wanted, Func<DeliveryBatch, CancellationToken, Task> handOn, CancellationTokenSource done)
    {
        await _lane.WaitAsync(done.Token).ConfigureAwait(false);
        try
        {
            var room = _options.First > 0 ? _options.First - HandedOnCount : wanted.Count;
            if (room <= 0) return false;
            var offered = room < wanted.Count ? wanted.GetRange(0, room) : wanted;
            // Known to the contact book before it goes: the handler may reply to the sender, or name them.
            foreach (var message in offered) member.Inbox.RecordSender(message);
            var delivery = new DeliveryBatch(member.Source, offered, this, member.Inbox);
            await handOn(delivery, done.Token).ConfigureAwait(false);
            var whole = delivery.HandedOnCount == wanted.Count;
            if (_options.First > 0 && HandedOnCount >= _options.First) done.Cancel();
            return whole; // else the rest of the batch comes again next time
        }
        finally
        {
            _lane.Release();
        }
    }

    internal void CountHandedOn() => Interlocked.Increment(ref _handedOn);

    private void Touch() => Interlocked.Exchange(ref _lastActivityTicks, DateTime.UtcNow.Ticks);

    private async Task WatchIdleAsync(CancellationTokenSource done)
    {
        try
        {
            while (!done.IsCancellationRequested)
            {
                var quiet = TimeSpan.FromTicks(DateTime.UtcNow.Ticks - Interlocked.Read(ref _lastActivityTicks));
                var wait = Volatile.Read(ref _working) > 0 ? _options.IdleTimeout : _options.IdleTimeout - quiet;
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

    /// <summary>Releases the receive locks and journals (each profile was written when its loop ended).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var m in _members) m.Release();
        _lane.Dispose();
    }

    private sealed class Member
    {
        private readonly DeliveryJournal _journal;
        private readonly IDisposable _receiveLock;

        public Member(StreamSource source, Inbox inbox, DeliveryJournal journal, IDisposable receiveLock)
        {
            Source = source; Inbox = inbox; _journal = journal; _receiveLock = receiveLock;
        }

        public StreamSource Source { get; }
        public Inbox Inbox { get; }

        public void Release()
        {
            lock (Source.Profile.SyncRoot)
            {
                _journal.Dispose();
                Source.Profile.Receiving = false; // from now on another window may receive, and its ids count
            }
            _receiveLock.Dispose();
        }
    }
}
