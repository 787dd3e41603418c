using System;
using System.Collections.Generic;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Monitor;

/// <summary>
/// Messages a <see cref="MessageStream"/> offers its consumer, in order. The consumer hands each on and calls
/// <see cref="HandedOn"/> right after: that is the moment the message counts as delivered, recorded before the next
/// one goes.
/// </summary>
public sealed class DeliveryBatch
{
    private readonly MessageStream _stream;
    private readonly Inbox _inbox;

    internal DeliveryBatch(StreamSource source, IReadOnlyList<InboundMessage> messages, MessageStream stream, Inbox inbox)
    {
        Source = source; Messages = messages; _stream = stream; _inbox = inbox;
    }

    /// <summary>The bot the messages came to.</summary>
    public StreamSource Source { get; }

    /// <summary>The messages to hand on, in order.</summary>
    public IReadOnlyList<InboundMessage> Messages { get; }

    /// <summary>How many of them were handed on.</summary>
    public int HandedOnCount { get; private set; }

    /// <summary>
    /// The next message of the batch went downstream: it is recorded as delivered (journal, contact book) and is not
    /// offered again, whatever happens next. Call in order, once per message.
    /// </summary>
    public void HandedOn(InboundMessage message)
    {
        if (message is null) throw new ArgumentNullException(nameof(message));
        if (HandedOnCount >= Messages.Count || !ReferenceEquals(Messages[HandedOnCount], message))
            throw new InvalidOperationException("Messages are handed on in the order of the batch, once each.");
        _inbox.Delivered(message);
        HandedOnCount++;
        _stream.CountHandedOn();
    }
}
