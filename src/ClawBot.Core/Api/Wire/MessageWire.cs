using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace ClawBot.Core.Api.Wire;

/// <summary><c>WeixinMessage</c> (PROTOCOL.md §5.1), used both ways; nulls are omitted when written.</summary>
internal sealed class WeixinMessage
{
    public long? Seq { get; set; }
    [JsonConverter(typeof(LosslessIdConverter))]
    public string? MessageId { get; set; }
    public string? FromUserId { get; set; }
    public string? ToUserId { get; set; }
    public string? ClientId { get; set; }
    public long? CreateTimeMs { get; set; }
    public long? UpdateTimeMs { get; set; }
    public long? DeleteTimeMs { get; set; }
    public string? SessionId { get; set; }
    public string? GroupId { get; set; }
    public int? MessageType { get; set; }
    public int? MessageState { get; set; }
    public List<MessageItem>? ItemList { get; set; }
    public string? ContextToken { get; set; }
    public string? RunId { get; set; }
}

/// <summary><c>MessageItem</c> (PROTOCOL.md §5.2).</summary>
internal sealed class MessageItem
{
    public int? Type { get; set; }
    public long? CreateTimeMs { get; set; }
    public long? UpdateTimeMs { get; set; }
    public bool? IsCompleted { get; set; }
    [JsonConverter(typeof(LosslessIdConverter))]
    public string? MsgId { get; set; }
    public RefMessage? RefMsg { get; set; }
    public TextItem? TextItem { get; set; }
    public ImageItem? ImageItem { get; set; }
    public VoiceItem? VoiceItem { get; set; }
    public FileItem? FileItem { get; set; }
    public VideoItem? VideoItem { get; set; }
}

/// <summary>Item type numbers.</summary>
internal static class ItemType
{
    public const int Text = 1, Image = 2, Voice = 3, File = 4, Video = 5;
}

/// <summary><c>message_state</c> values.</summary>
internal static class MessageState
{
    public const int New = 0, Generating = 1, Finish = 2;
}

internal sealed class RefMessage
{
    public MessageItem? MessageItem { get; set; }
    public string? Title { get; set; }
    [JsonConverter(typeof(LosslessIdConverter))]
    public string? SvrId { get; set; }
    public PartialText? PartialText { get; set; }
}

/// <summary>
/// <c>partial_text</c>: the part of the quoted text the user selected, as anchors (the n-th occurrence of
/// <see cref="Start"/> and of <see cref="End"/>) and the MD5 of the selection (PROTOCOL.md §5.3).
/// </summary>
internal sealed class PartialText
{
    public string? Start { get; set; }
    public string? End { get; set; }
    public int? Startindex { get; set; }
    public int? Endindex { get; set; }
    public string? Quotemd5 { get; set; }
}

internal sealed class TextItem
{
    public string? Text { get; set; }
}

/// <summary><c>CDNMedia</c>.</summary>
internal sealed class CdnMedia
{
    public string? EncryptQueryParam { get; set; }
    public string? AesKey { get; set; }
    public int? EncryptType { get; set; }
    public string? FullUrl { get; set; }
}

internal sealed class ImageItem
{
    public CdnMedia? Media { get; set; }
    public CdnMedia? ThumbMedia { get; set; }
    public string? Aeskey { get; set; }
    public string? Url { get; set; }
    public long? MidSize { get; set; }
    public long? HdSize { get; set; }
    public long? ThumbSize { get; set; }
    public int? ThumbWidth { get; set; }
    public int? ThumbHeight { get; set; }
}

internal sealed class VoiceItem
{
    public CdnMedia? Media { get; set; }
    public int? EncodeType { get; set; }
    public int? BitsPerSample { get; set; }
    public int? SampleRate { get; set; }
    public long? Playtime { get; set; }
    public string? Text { get; set; }
}

internal sealed class FileItem
{
    public CdnMedia? Media { get; set; }
    public string? FileName { get; set; }
    public string? Md5 { get; set; }
    /// <summary>Plaintext size as a decimal string (tolerated as a number too).</summary>
    [JsonConverter(typeof(LosslessIdConverter))]
    public string? Len { get; set; }
}

internal sealed class VideoItem
{
    public CdnMedia? Media { get; set; }
    public long? VideoSize { get; set; }
    public long? PlayLength { get; set; }
    public string? VideoMd5 { get; set; }
    public CdnMedia? ThumbMedia { get; set; }
    public long? ThumbSize { get; set; }
    public int? ThumbWidth { get; set; }
    public int? ThumbHeight { get; set; }
}
