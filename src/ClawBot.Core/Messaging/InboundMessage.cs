using System;
using System.Collections.Generic;

namespace ClawBot.Core.Messaging;

/// <summary>What an inbound message mainly carries.</summary>
public enum MessageKind
{
    /// <summary>Text only.</summary>
    Text,
    /// <summary>An image.</summary>
    Image,
    /// <summary>A voice note (its transcription, when given, is the message text).</summary>
    Voice,
    /// <summary>A file.</summary>
    File,
    /// <summary>A video.</summary>
    Video,
    /// <summary>Several kinds of item, e.g. text and an image.</summary>
    Mixed,
    /// <summary>No item this client understands.</summary>
    Unknown,
}

/// <summary>An inbound message, mapped from the wire (<c>WeixinMessage</c>) with every id kept lossless as a string.</summary>
public sealed class InboundMessage
{
    /// <summary><c>message_id</c>, or else the first non-empty item <c>msg_id</c>; the identity used to drop duplicates.</summary>
    public string MessageId { get; init; } = "";
    /// <summary>Server sequence.</summary>
    public long Seq { get; init; }
    /// <summary>The sending user (<c>…@im.wechat</c>).</summary>
    public string FromUserId { get; init; } = "";
    /// <summary>The receiving bot (<c>…@im.bot</c>).</summary>
    public string ToUserId { get; init; } = "";
    /// <summary><c>create_time_ms</c> as a point in time (the Unix epoch when absent).</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The main kind of content.</summary>
    public MessageKind Kind { get; init; }
    /// <summary>The text: every text item joined by newlines; else a voice transcription; else empty.</summary>
    public string Text { get; init; } = "";
    /// <summary>The reply anchor (secret): send it back unchanged when replying or pushing to this user.</summary>
    public string? ContextToken { get; init; }
    /// <summary><c>group_id</c> where present.</summary>
    public string? GroupId { get; init; }
    /// <summary><c>session_id</c> where present.</summary>
    public string? SessionId { get; init; }
    /// <summary>Every media item, in wire order.</summary>
    public IReadOnlyList<MediaAttachment> Attachments { get; init; } = Array.Empty<MediaAttachment>();
    /// <summary>The quoted message (<c>ref_msg</c>), if any.</summary>
    public QuotedMessage? Quote { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{MessageId} from {FromUserId}: {Kind}";
}

/// <summary>A quoted message (<c>ref_msg</c>). Newer WeChat versions may send only its id.</summary>
public sealed class QuotedMessage
{
    /// <summary><c>svr_id</c>, or else <c>message_item.msg_id</c>.</summary>
    public string? MessageId { get; init; }
    /// <summary><c>title</c>.</summary>
    public string? Title { get; init; }
    /// <summary>The quoted item's text, when the quote carries it.</summary>
    public string? Text { get; init; }
    /// <summary>
    /// The part of <see cref="Text"/> the user selected (<c>partial_text</c>), when it can be found and its MD5 matches.
    /// </summary>
    public string? SelectedText { get; init; }
    /// <summary>The quoted image, file, video or voice note, when the quote carries it (<c>message_item</c>).</summary>
    public MediaAttachment? Attachment { get; init; }
}

/// <summary>The kind of a media item.</summary>
public enum AttachmentKind
{
    /// <summary>image_item</summary>
    Image,
    /// <summary>voice_item</summary>
    Voice,
    /// <summary>file_item</summary>
    File,
    /// <summary>video_item</summary>
    Video,
}

/// <summary>An inbound media item: what it is, and (in <see cref="Media"/>) how to fetch it.</summary>
public sealed class MediaAttachment
{
    /// <summary>The kind.</summary>
    public AttachmentKind Kind { get; init; }
    /// <summary>The file name (<c>file_item.file_name</c>); null for images, voice and video.</summary>
    public string? FileName { get; init; }
    /// <summary>Plaintext size where the wire gives it (<c>file_item.len</c>); else the ciphertext size (<c>mid_size</c>, <c>video_size</c>).</summary>
    public long? Size { get; init; }
    /// <summary>Whether <see cref="Size"/> is the plaintext size (true) or the ciphertext size (false).</summary>
    public bool SizeIsPlaintext { get; init; }
    /// <summary>Lowercase hex MD5 of the plaintext, where given (<c>file_item.md5</c>, <c>video_md5</c>).</summary>
    public string? Md5 { get; init; }
    /// <summary>Voice: play time.</summary>
    public TimeSpan? PlayTime { get; init; }
    /// <summary>Voice: the service's speech-to-text.</summary>
    public string? Transcription { get; init; }
    /// <summary>Voice: <c>encode_type</c> (6 = SILK).</summary>
    public int? VoiceEncoding { get; init; }
    /// <summary>Width in pixels, where the wire gives it (a thumbnail's <c>thumb_width</c>).</summary>
    public int? Width { get; init; }
    /// <summary>Height in pixels, where the wire gives it (a thumbnail's <c>thumb_height</c>).</summary>
    public int? Height { get; init; }
    /// <summary>
    /// Images and videos: the thumbnail the service made (<c>thumb_media</c>), itself an image attachment with its
    /// size and dimensions, downloaded like any other; null when there is none.
    /// </summary>
    public MediaAttachment? Thumbnail { get; init; }
    /// <summary>Whether this is another attachment's <see cref="Thumbnail"/>.</summary>
    public bool IsThumbnail { get; init; }
    /// <summary>Where and how to download it (secret: never display).</summary>
    public CdnMediaReference? Media { get; init; }

    /// <inheritdoc />
    public override string ToString() => IsThumbnail ? "Image (thumbnail)" : FileName is null ? Kind.ToString() : $"{Kind} {FileName}";
}

/// <summary>
/// The secret half of an attachment: the CDN download parameter and key. Its <see cref="ToString"/> says nothing, so
/// it never lands in output by accident.
/// </summary>
public sealed class CdnMediaReference
{
    /// <summary><c>encrypt_query_param</c> (secret).</summary>
    public string? EncryptQueryParam { get; init; }
    /// <summary><c>aes_key</c> as sent: base64 of the raw key or of its hex (secret).</summary>
    public string? AesKey { get; init; }
    /// <summary>Images: <c>image_item.aeskey</c>, hex of the raw key, preferred when present (secret).</summary>
    public string? HexAesKey { get; init; }
    /// <summary><c>full_url</c>: when present, used as-is instead of building the URL (secret).</summary>
    public string? FullUrl { get; init; }

    /// <inheritdoc />
    public override string ToString() => "(CDN reference)";
}
