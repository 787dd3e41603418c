using System;
using ClawBot.Core.Messaging;

namespace ClawBot;

/// <summary>A media item on a received message (type name <c>ClawBot.Attachment</c>). Its CDN key stays hidden.</summary>
public sealed class Attachment
{
    private Attachment? _thumbnail;

    internal Attachment(MediaAttachment core, Message message, string? sourceMessageId = null)
    {
        Core = core;
        Message = message;
        SourceMessageId = sourceMessageId ?? message.MessageId;
    }

    /// <summary>Image, Voice, File or Video (a thumbnail is an Image).</summary>
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
    /// <summary>Width in pixels, where the service gives it (thumbnails).</summary>
    public int? Width => Core.Width;
    /// <summary>Height in pixels, where the service gives it (thumbnails).</summary>
    public int? Height => Core.Height;
    /// <summary>
    /// Images and videos: the small image WeChat made of it, an attachment of its own (with Width and Height) that
    /// Save-ClawAttachment saves like any other; null when there is none.
    /// </summary>
    public Attachment? Thumbnail => Core.Thumbnail is null ? null : _thumbnail ??= new Attachment(Core.Thumbnail, Message, SourceMessageId);
    /// <summary>Whether this is another attachment's thumbnail.</summary>
    public bool IsThumbnail => Core.IsThumbnail;
    /// <summary>Where it was saved (Save-ClawAttachment, Receive-ClawMessage -SaveAttachmentsTo); null until then.</summary>
    public System.IO.FileInfo? SavedFile { get; internal set; }
    /// <summary>The message it arrived on (for a quoted file, the message that quotes it).</summary>
    public Message Message { get; }

    internal MediaAttachment Core { get; }
    /// <summary>The id of the message the media belongs to, for file names: a quoted file's is the quoted message's.</summary>
    internal string SourceMessageId { get; }

    /// <inheritdoc />
    public override string ToString() => Core.ToString();
}
