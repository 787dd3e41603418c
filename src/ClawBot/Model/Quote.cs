using System.Linq;
using ClawBot.Core.Messaging;

namespace ClawBot;

/// <summary>
/// The message a received message quotes (type name <c>ClawBot.Quote</c>). Newer WeChat versions may send only its
/// id; otherwise it carries the quoted text, the part of it the user selected, and the quoted image or file.
/// </summary>
public sealed class Quote
{
    internal Quote(QuotedMessage core, Message message)
    {
        Core = core;
        Attachment = core.Attachment is null ? null : new Attachment(core.Attachment, message, core.MessageId);
    }

    /// <summary>The quoted message's id.</summary>
    public string? MessageId => Core.MessageId;
    /// <summary>The service's summary of the quoted message.</summary>
    public string? Title => Core.Title;
    /// <summary>The quoted text (a voice note's transcription), when the quote carries it.</summary>
    public string? Text => Core.Text;
    /// <summary>The part of <see cref="Text"/> the user selected, when they quoted only part of it.</summary>
    public string? SelectedText => Core.SelectedText;
    /// <summary>The quoted image, file, video or voice note, savable with Save-ClawAttachment; null when none.</summary>
    public Attachment? Attachment { get; }

    internal QuotedMessage Core { get; }

    /// <summary>The selection, the text, the title or the id, stripped of control characters (it comes from the service).</summary>
    public override string ToString()
    {
        var text = SelectedText ?? Text ?? Title ?? Attachment?.ToString() ?? MessageId ?? "";
        return new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
    }
}
