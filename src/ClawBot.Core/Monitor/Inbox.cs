using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Api;
using ClawBot.Core.Diagnostics;
using ClawBot.Core.Errors;
using ClawBot.Core.Http;
using ClawBot.Core.Messaging;
using ClawBot.Core.Storage;

namespace ClawBot.Core.Monitor;

/// <summary>
/// One bot's receive bookkeeping, at-least-once on the wire and exactly-once downstream: a batch's cursor is committed
/// only after each of its messages was handed on (<see cref="Delivered"/>) or passed over, and ids already delivered
/// are dropped when the server replays a batch. With a <see cref="DeliveryJournal"/>, each delivery and commit is
/// recorded as it happens, so a killed process repeats at most the message it was handing on.
/// </summary>
/// <remarks>
/// Usage: <c>PollAsync</c>, hand on each message and call <see cref="Delivered"/>, then <see cref="Commit"/> (also
/// after an empty poll, so the newest cursor is kept). One loop polls at a time; the bookkeeping methods take the
/// profile's <see cref="Profile.SyncRoot"/>, so sends and saves elsewhere in the process may run meanwhile.
/// <see cref="MessageStream"/> drives all of this for several bots at once.
/// </remarks>
public sealed class Inbox
{
    private readonly ILinkClient _client;
    private readonly Profile _profile;
    private readonly ProfileStore _store;
    private readonly InboxOptions _options;
    private readonly LogSink _log;
    private readonly DeliveryJournal? _journal;
    private readonly IReceiveObserver? _observer;
    private readonly HashSet<string> _delivered;
    private string? _polledCursor;
    private long _polledSeq;
    private int _consecutiveFailures;
    private DateTime _failingSince;
    private bool _reportedUnavailable;
    private int _polledCount;
    private DateTime _lastSaved;
    private bool _unsaved;

    /// <summary>Creates an inbox over a bound client, its profile and the store to persist into; back-off from the client's <see cref="ILinkClientOptions.ReceiveBackoff"/>.</summary>
    public Inbox(ILinkClient client, Profile profile, ProfileStore store)
        : this(client, profile, store, client?.Options.ReceiveBackoff ?? new InboxOptions()) { }

    /// <summary>Creates an inbox with explicit back-off timings.</summary>
    public Inbox(ILinkClient client, Profile profile, ProfileStore store, InboxOptions options)
        : this(client, profile, store, options, null, null) { }

    internal Inbox(ILinkClient client, Profile profile, ProfileStore store, InboxOptions options, DeliveryJournal? journal, IReceiveObserver? observer)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _profile = profile ?? throw new ArgumentNullException(nameof(profile));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _journal = journal;
        _observer = observer;
        _log = new LogSink(client.Options.Log);
        // With a journal, the profile was just written (MessageStream folds the journal into it) and the journal keeps
        // the position from here: the first batch of a backlog need not write the profile again.
        if (journal is not null) _lastSaved = DateTime.UtcNow;
        lock (_profile.SyncRoot)
        {
            _profile.DeliveredIds ??= new List<string>();
            _delivered = new HashSet<string>(_profile.DeliveredIds, StringComparer.Ordinal);
            _profile.Receiving = true;
        }
    }

    /// <summary>The profile this inbox keeps.</summary>
    public Profile Profile => _profile;

    /// <summary>
    /// One long-poll from the committed cursor. Transient failures are retried without bound, with backoff (2 s, then
    /// 30 s after 3 in a row, as the official client), each reported to the log, and an outage to the observer;
    /// -14 and an HTTP 4xx (but 408 and 429) throw. Returns the messages not yet delivered (possibly none, e.g. after
    /// a poll timeout). Messages dropped as already delivered still renew their sender's context token.
    /// </summary>
    public async Task<IReadOnlyList<InboundMessage>> PollAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string cursor;
            lock (_profile.SyncRoot) cursor = _profile.Cursor ?? "";

            UpdatesBatch batch;
            try
            {
                batch = await _client.GetUpdatesAsync(cursor, cancellationToken).ConfigureAwait(false);
            }
            catch (ClawBotException ex) when (IsTransient(ex))
            {
                var failures = Interlocked.Increment(ref _consecutiveFailures);
                if (failures == 1) _failingSince = DateTime.UtcNow;
                var every = Math.Max(1, _options.FailuresBeforeBackoff);
                var delay = failures % every == 0 ? _options.BackoffDelay : _options.ErrorDelay;
                _log.Retry(new RetryRecord("getupdates", failures, 0, delay, RetryRunner.ReasonOf(ex), givingUp: false));
                if (_options.OutageAfter > 0 && failures == _options.OutageAfter)
                {
                    _reportedUnavailable = true;
                    _observer?.Unavailable(_profile, failures, RetryRunner.ReasonOf(ex));
                }
                if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            Interlocked.Exchange(ref _consecutiveFailures, 0);
            if (_reportedUnavailable)
            {
                _reportedUnavailable = false;
                _observer?.Restored(_profile, DateTime.UtcNow - _failingSince);
            }
            var fresh = new List<InboundMessage>(batch.Messages.Count);
            lock (_profile.SyncRoot)
            {
                _polledCursor = batch.Cursor;
                _polledSeq = 0;
                foreach (var message in batch.Messages) if (message.Seq > _polledSeq) _polledSeq = message.Seq;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var message in batch.Messages)
                {
                    // A message without any id cannot be deduplicated; it is handed on rather than lost.
                    if (message.MessageId.Length > 0 && (_delivered.Contains(message.MessageId) || !seen.Add(message.MessageId)))
                    {
                        // A replay after a crash: what the crash kept from the contact book comes back with it.
                        ContactBook.RecordInbound(_profile, message, DateTimeOffset.UtcNow);
                        continue;
                    }
                    fresh.Add(message);
                }
            }
            _polledCount = fresh.Count;
            return fresh;
        }
    }

    /// <summary>Failed polls in a row since the last success.</summary>
    public int ConsecutiveFailures => Volatile.Read(ref _consecutiveFailures);

    /// <summary>Records that a message was handed downstream: its id, and the sender's context token and time in the contact book.</summary>
    public void Delivered(InboundMessage message)
    {
        if (message is null) throw new ArgumentNullException(nameof(message));
        lock (_profile.SyncRoot)
        {
            if (message.MessageId.Length > 0 && _delivered.Add(message.MessageId))
            {
                _profile.DeliveredIds.Add(message.MessageId);
                if (_journal is not null && !_journal.Delivered(message.MessageId)) SaveLocked(DateTime.UtcNow); // a full journal: the profile holds it now
                // Trimmed in bulk once half the capacity again has gathered: one shift of the list per thousand
                // messages, not per message (the oldest ids are those a replay can no longer bring).
                var excess = _profile.DeliveredIds.Count - Profile.DeliveredIdCapacity;
                if (excess > Profile.DeliveredIdCapacity / 2)
                {
                    for (var i = 0; i < excess; i++) _delivered.Remove(_profile.DeliveredIds[i]);
                    _profile.DeliveredIds.RemoveRange(0, excess);
                }
            }
            ContactBook.RecordInbound(_profile, message, DateTimeOffset.UtcNow);
        }
    }

    /// <summary>
    /// Keeps a message's sender in the contact book (context token, time) without recording it as delivered: for a
    /// message passed over (another sender than asked for), and for one about to be handed on, whose handler may reply
    /// or name its sender before it counts as delivered.
    /// </summary>
    public void RecordSender(InboundMessage message)
    {
        if (message is null) throw new ArgumentNullException(nameof(message));
        lock (_profile.SyncRoot) ContactBook.RecordInbound(_profile, message, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// Every message of the last poll was handled: advance the cursor (in the journal at once) and write the profile
    /// when the last write is <see cref="InboxOptions.SaveInterval"/> old, or when the backlog is drained and
    /// something changed; otherwise <see cref="SaveIfDue"/> writes it soon after.
    /// </summary>
    public void Commit()
    {
        lock (_profile.SyncRoot)
        {
            var moved = false;
            if (!string.IsNullOrEmpty(_polledCursor))
            {
                moved = _polledCursor != _profile.Cursor;
                _profile.Cursor = _polledCursor!;
                // How far the cursor reaches, so a save from another runspace on this profile never moves it back.
                if (_polledSeq > _profile.CursorSeq) _profile.CursorSeq = _polledSeq;
                if (moved && _journal is not null && !_journal.Committed(_profile.CursorSeq, _profile.Cursor)) SaveLocked(DateTime.UtcNow);
            }
            // One fsync'd rewrite per batch would cap a draining backlog at a few hundred messages a second; the journal
            // keeps the position in between.
            var now = DateTime.UtcNow;
            if ((_polledCount == 0 && (moved || _unsaved)) || (_polledCount > 0 && now - _lastSaved >= _options.SaveInterval)) SaveLocked(now);
            else if (moved || _polledCount > 0) _unsaved = true;
        }
    }

    /// <summary>
    /// Writes the profile when a commit left it unwritten for <see cref="InboxOptions.SaveInterval"/>: other windows
    /// then see new contacts and tokens within about that time, even while the next long-poll waits.
    /// </summary>
    public void SaveIfDue()
    {
        lock (_profile.SyncRoot)
        {
            var now = DateTime.UtcNow;
            if (_unsaved && now - _lastSaved >= _options.SaveInterval) SaveLocked(now);
        }
    }

    /// <summary>How often <see cref="SaveIfDue"/> is worth calling.</summary>
    public TimeSpan SaveInterval => _options.SaveInterval;

    private void SaveLocked(DateTime now)
    {
        _store.Save(_profile);
        _journal?.Restart(_profile);
        _lastSaved = now;
        _unsaved = false;
    }

    /// <summary>Persist delivered ids and contacts without moving the cursor (on stop, or after a partial batch).</summary>
    public void Flush()
    {
        lock (_profile.SyncRoot) SaveLocked(DateTime.UtcNow);
    }

    /// <summary>True when a commit moved the cursor in memory but has not been written to the profile yet.</summary>
    public bool HasUnsavedProgress { get { lock (_profile.SyncRoot) return _unsaved; } }

    // -14, a refusal of the request itself (an HTTP 4xx other than 408 and 429: a revoked token, a wrong URL) and
    // cancellation end the loop, since asking again cannot help; everything else is the network or the server having
    // a bad moment.
    private static bool IsTransient(ClawBotException ex) => ex switch
    {
        TransportException { StatusCode: >= 400 and < 500 and not 408 and not 429 } => false,
        TransportException or MalformedResponseException or ApiErrorException => true,
        _ => false,
    };
}
