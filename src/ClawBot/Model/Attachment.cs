using System;
using ClawBot.Core.Messaging;

namespace ClawBot;

/// <summary>A media item on a received message (type name <c>ClawBot.Attachment</c>). Its CDN key stays hidden.</summary>
public sealed class Attachment
{
    internal Attachment(MediaAttachment core, Message message)
    {
        Core = core;
        Message = message;
    }

    /// <summary>Image, Voice, File or Video.</summary>
    public AttachmentKind Kind => (AttachmentKind)Core.Kind;
    /// <summary>The file name, where the sender's item carries one.</summary>
    public string? FileName => Core.FileName;
    /// <summary>Size in bytes (plaintext where the wire gives it, else the encrypted size).</summary>
    public long? Size => Core.Size;
    /// <summary>MD5 of the content, where given.</summary>
    public string? Md5 => Core.Md5;
    /// <summary>Voice: play time.</summary>
    public TimeSpan? PlayTime => Core.PlayTime;
    /// <summary>Voice: the service's transcription.</summary>
    public string? Transcription => Core.Transcription;
    /// <summary>Where it was saved (Save-ClawAttachment, Receive-ClawMessage -SaveAttachmentsTo); null until then.</summary>
    public System.IO.FileInfo? SavedFile { get; internal set; }
    /// <summary>The message it arrived on.</summary>
    public Message Message { get; }

    internal MediaAttachment Core { get; }

    /// <inheritdoc />
    public override string ToString() => Core.ToString();
}
