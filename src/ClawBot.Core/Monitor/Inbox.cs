using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Api;
using ClawBot.Core.Messaging;
using ClawBot.Core.Storage;

namespace ClawBot.Core.Monitor;

/// <summary>
/// The receive loop's bookkeeping, at-least-once on the wire and exactly-once downstream: a batch's cursor is committed
/// only after each of its messages was handed on (<see cref="Delivered"/>) or passed over, and ids already delivered
/// are dropped when the server replays a batch.
/// </summary>
public sealed class Inbox
{
    /// <summary>Creates an inbox over a bound client, its profile and the store to persist into.</summary>
    public Inbox(ILinkClient client, Profile profile, ProfileStore store) => throw new NotImplementedException();

    /// <summary>
    /// One long-poll from the committed cursor. Transient failures are retried without bound, with backoff (2 s, then
    /// 30 s after 3 in a row, as the official client), each reported to the log; -14 throws. Returns the messages not
    /// yet delivered (possibly none, e.g. after a poll timeout).
    /// </summary>
    public Task<IReadOnlyList<InboundMessage>> PollAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Failed polls in a row since the last success.</summary>
    public int ConsecutiveFailures => throw new NotImplementedException();

    /// <summary>Records that a message was handed downstream: its id, and the sender's context token and time in the contact book.</summary>
    public void Delivered(InboundMessage message) => throw new NotImplementedException();

    /// <summary>Every message of the last poll was handled: advance the cursor and persist.</summary>
    public void Commit() => throw new NotImplementedException();

    /// <summary>Persist delivered ids and contacts without moving the cursor (on stop, or after a partial batch).</summary>
    public void Flush() => throw new NotImplementedException();
}
