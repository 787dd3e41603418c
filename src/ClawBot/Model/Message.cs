using System;
using System.Collections.Generic;
using System.Linq;
using ClawBot.Core.Messaging;

namespace ClawBot;

/// <summary>
/// A received message (type name <c>ClawBot.Message</c>). <see cref="From"/>, <see cref="ContextToken"/> and
/// <see cref="Session"/> bind by property name, so piping it to Send-ClawMessage replies to the sender.
/// </summary>
public sealed class Message
{
    internal Message(InboundMessage core, Session session)
    {
        Core = core;
        Session = session;
        ContextToken = string.IsNullOrEmpty(core.ContextToken) ? null : new ContextToken(core.ContextToken!, core.FromUserId);
        Attachments = core.Attachments.Select(a => new Attachment(a, this)).ToArray();
        Quote = core.Quote is null ? null : new Quote(core.Quote, this);
    }

    /// <summary>The server's message id.</summary>
    public string MessageId => Core.MessageId;
    /// <summary>The sender's user id.</summary>
    public string From => Core.FromUserId;
    /// <summary>
    /// The bot that received it. Deliberately not named "To": Send-ClawMessage's -To binds by property name, and a
    /// property called To would win over the From alias and address the reply to the bot itself.
    /// </summary>
    public string BotId => Core.ToUserId;
    /// <summary>When it was sent, in local time.</summary>
    public DateTimeOffset Time => Core.CreatedAt.ToLocalTime();
    /// <summary>Text, Image, Voice, File, Video or Mixed.</summary>
    public MessageKind Kind => (MessageKind)Core.Kind;
    /// <summary>The text (a voice message's transcription where given).</summary>
    public string Text => Core.Text;
    /// <summary>Media items.</summary>
    public IReadOnlyList<Attachment> Attachments { get; }
    /// <summary>The quoted message, if any: its id, and where the service sends them its text, selection and media.</summary>
    public Quote? Quote { get; }
    /// <summary>The group, where the service says the message came from one.</summary>
    public string? GroupId => Core.GroupId;
    /// <summary>The reply anchor: hidden, but it travels with the message.</summary>
    public ContextToken? ContextToken { get; }
    /// <summary>The session it arrived on.</summary>
    public Session Session { get; }

    internal InboundMessage Core { get; }

    /// <inheritdoc />
    public override string ToString() => Text.Length > 0 ? Text : Kind.ToString();
}
