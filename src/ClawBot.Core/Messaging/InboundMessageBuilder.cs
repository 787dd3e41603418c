using System;
using System.Collections.Generic;
using System.Globalization;
using ClawBot.Core.Api.Wire;

namespace ClawBot.Core.Messaging;

/// <summary>
/// Turns one wire message, fed item by item, into the public <see cref="InboundMessage"/> (PROTOCOL.md §5). One
/// builder serves a whole batch: it holds no collection unless a message has a second text or a media item, so the
/// usual message costs the <see cref="InboundMessage"/> and its strings and nothing else.
/// </summary>
internal sealed class InboundMessageBuilder
{
    private string? _text;
    private List<string>? _moreTexts;
    private string? _transcription;
    private int _kinds;
    private List<MediaAttachment>? _attachments;
    private QuotedMessage? _quote;
    private string? _firstItemId;

    /// <summary>Forgets the items added so far (a repeated <c>item_list</c> replaces the first, as in any JSON object).</summary>
    public void ClearItems()
    {
        _text = null; _moreTexts = null; _transcription = null; _kinds = 0; _attachments = null; _quote = null; _firstItemId = null;
    }

    public void Add(in InboundItem item)
    {
        // The first item that has an id stands in for a missing message_id (§5.4), whatever its type.
        if (_firstItemId is null && IsId(item.MsgId)) _firstItemId = item.MsgId;
        _quote ??= MapQuote(item.RefMsg);
        switch (item.Type)
        {
            case ItemType.Text:
                _kinds |= Bit(MessageKind.Text);
                if (item.Text is { } t) { if (_text is null) _text = t; else (_moreTexts ??= new List<string> { _text }).Add(t); }
                break;
            case ItemType.Image when item.ImageItem is { } image:
                _kinds |= Bit(MessageKind.Image);
                (_attachments ??= new List<MediaAttachment>()).Add(MapImage(image));
                break;
            case ItemType.Voice when item.VoiceItem is { } voice:
                _kinds |= Bit(MessageKind.Voice);
                if (_transcription is null && !string.IsNullOrEmpty(voice.Text)) _transcription = voice.Text;
                (_attachments ??= new List<MediaAttachment>()).Add(MapVoice(voice));
                break;
            case ItemType.File when item.FileItem is { } file:
                _kinds |= Bit(MessageKind.File);
                (_attachments ??= new List<MediaAttachment>()).Add(MapFile(file));
                break;
            case ItemType.Video when item.VideoItem is { } video:
                _kinds |= Bit(MessageKind.Video);
                (_attachments ??= new List<MediaAttachment>()).Add(MapVideo(video));
                break;
        }
    }

    /// <summary>The message from <paramref name="header"/> and the items added since the last build; then starts afresh.</summary>
    public InboundMessage Build(in InboundHeader header)
    {
        var kind = _kinds == 0 ? MessageKind.Unknown
            : (_kinds & (_kinds - 1)) != 0 ? MessageKind.Mixed
            : (MessageKind)Log2(_kinds);

        var message = new InboundMessage
        {
            // message_id, else the first item msg_id; "" when there is neither.
            MessageId = IsId(header.MessageId) ? header.MessageId! : _firstItemId ?? "",
            Seq = header.Seq ?? 0,
            FromUserId = header.FromUserId ?? "",
            ToUserId = header.ToUserId ?? "",
            CreatedAt = TimeOf(header.CreateTimeMs),
            Kind = kind,
            Text = _moreTexts is not null ? string.Join("\n", _moreTexts) : _text ?? _transcription ?? "",
            ContextToken = NullIfEmpty(header.ContextToken),
            GroupId = NullIfEmpty(header.GroupId),
            SessionId = NullIfEmpty(header.SessionId),
            Attachments = (IReadOnlyList<MediaAttachment>?)_attachments ?? Array.Empty<MediaAttachment>(),
            Quote = _quote,
        };
        ClearItems();
        return message;
    }

    /// <summary>
    /// The same message from its wire object: the plain way of reading an answer, which the direct reader
    /// (<see cref="Api.Wire.InboundBatchConverter"/>) must match; tests and benchmarks hold it up against that.
    /// </summary>
    public InboundMessage Build(WeixinMessage wire)
    {
        ClearItems();
        foreach (var item in wire.ItemList ?? (IEnumerable<MessageItem>)Array.Empty<MessageItem>())
        {
            if (item is null) continue;
            Add(new InboundItem
            {
                Type = item.Type, MsgId = item.MsgId, Text = item.TextItem?.Text, RefMsg = item.RefMsg,
                ImageItem = item.ImageItem, VoiceItem = item.VoiceItem, FileItem = item.FileItem, VideoItem = item.VideoItem,
            });
        }
        return Build(new InboundHeader
        {
            Seq = wire.Seq, MessageId = wire.MessageId, FromUserId = wire.FromUserId, ToUserId = wire.ToUserId,
            CreateTimeMs = wire.CreateTimeMs, SessionId = wire.SessionId, GroupId = wire.GroupId, ContextToken = wire.ContextToken,
        });
    }

    // Proto3 writes an unset uint64 as 0, so zero is no id at all.
    internal static bool IsId(string? id) => !string.IsNullOrEmpty(id) && id != "0";

    private static QuotedMessage? MapQuote(RefMessage? reference)
    {
        if (reference is null) return null;
        var item = reference.MessageItem;
        var id = IsId(reference.SvrId) ? reference.SvrId : IsId(item?.MsgId) ? item!.MsgId : null;
        var text = item?.TextItem?.Text ?? item?.VoiceItem?.Text;
        return new QuotedMessage
        {
            MessageId = id,
            Title = NullIfEmpty(reference.Title),
            Text = text,
            SelectedText = PartialQuote.Resolve(text, reference.PartialText),
            Attachment = item is null ? null : MapMediaItem(item),
        };
    }

    /// <summary>The media of a quoted item (<c>ref_msg.message_item</c>), if it is a media item.</summary>
    private static MediaAttachment? MapMediaItem(MessageItem item) => item.Type switch
    {
        ItemType.Image when item.ImageItem is { } image => MapImage(image),
        ItemType.Voice when item.VoiceItem is { } voice => MapVoice(voice),
        ItemType.File when item.FileItem is { } file => MapFile(file),
        ItemType.Video when item.VideoItem is { } video => MapVideo(video),
        _ => null,
    };

    private static MediaAttachment MapImage(ImageItem image) => new()
    {
        Kind = AttachmentKind.Image,
        Size = image.MidSize,
        SizeIsPlaintext = false,
        Media = MapMedia(image.Media, image.Aeskey),
        Thumbnail = MapThumbnail(image.ThumbMedia, image.ThumbSize, image.ThumbWidth, image.ThumbHeight, image.Media?.AesKey, image.Aeskey),
    };

    /// <summary>
    /// <c>thumb_media</c> and its <c>thumb_*</c> fields as an image attachment; null unless it says where to fetch it.
    /// Without a key of its own it takes its file's (one getuploadurl <c>aeskey</c> covers both uploads, PROTOCOL.md §7.3).
    /// </summary>
    private static MediaAttachment? MapThumbnail(CdnMedia? thumb, long? size, int? width, int? height, string? fileAesKey, string? fileHexKey)
    {
        if (thumb is null || (string.IsNullOrEmpty(thumb.EncryptQueryParam) && string.IsNullOrWhiteSpace(thumb.FullUrl))) return null;
        return new MediaAttachment
        {
            Kind = AttachmentKind.Image,
            IsThumbnail = true,
            Size = size,
            SizeIsPlaintext = false,
            Width = width > 0 ? width : null,
            Height = height > 0 ? height : null,
            Media = new CdnMediaReference
            {
                EncryptQueryParam = NullIfEmpty(thumb.EncryptQueryParam),
                AesKey = NullIfEmpty(thumb.AesKey) ?? NullIfEmpty(fileAesKey),
                HexAesKey = NullIfEmpty(fileHexKey),
                FullUrl = NullIfEmpty(thumb.FullUrl?.Trim()),
            },
        };
    }

    private static MediaAttachment MapVoice(VoiceItem voice) => new()
    {
        Kind = AttachmentKind.Voice,
        PlayTime = voice.Playtime is long ms and >= 0 and <= MaxPlayTimeMs ? TimeSpan.FromMilliseconds(ms) : null,
        Transcription = NullIfEmpty(voice.Text),
        VoiceEncoding = voice.EncodeType,
        Media = MapMedia(voice.Media, null),
    };

    private static MediaAttachment MapFile(FileItem file) => new()
    {
        Kind = AttachmentKind.File,
        FileName = NullIfEmpty(file.FileName),
        Size = long.TryParse(file.Len, NumberStyles.None, CultureInfo.InvariantCulture, out var len) ? len : null,
        SizeIsPlaintext = true,
        Md5 = NormalizeMd5(file.Md5),
        Media = MapMedia(file.Media, null),
    };

    private static MediaAttachment MapVideo(VideoItem video) => new()
    {
        Kind = AttachmentKind.Video,
        Size = video.VideoSize,
        SizeIsPlaintext = false,
        Md5 = NormalizeMd5(video.VideoMd5),
        Media = MapMedia(video.Media, null),
        Thumbnail = MapThumbnail(video.ThumbMedia, video.ThumbSize, video.ThumbWidth, video.ThumbHeight, video.Media?.AesKey, null),
    };

    private static CdnMediaReference? MapMedia(CdnMedia? media, string? hexKey)
    {
        if (media is null && string.IsNullOrEmpty(hexKey)) return null;
        return new CdnMediaReference
        {
            EncryptQueryParam = NullIfEmpty(media?.EncryptQueryParam),
            AesKey = NullIfEmpty(media?.AesKey),
            HexAesKey = NullIfEmpty(hexKey),
            FullUrl = NullIfEmpty(media?.FullUrl?.Trim()),
        };
    }

    // A play time beyond a day is no voice message; TimeSpan would overflow long before that matters.
    private const long MaxPlayTimeMs = 24L * 60 * 60 * 1000;

    // Out-of-range timestamps (negative, or past year 9999) from a confused server count as unknown (the epoch).
    private static DateTimeOffset TimeOf(long? ms) =>
        ms is long value && value >= 0 && value <= 253402300799999L ? DateTimeOffset.FromUnixTimeMilliseconds(value) : DateTimeOffset.FromUnixTimeMilliseconds(0);

    private static string? NormalizeMd5(string? md5) => string.IsNullOrEmpty(md5) ? null : md5!.Trim().ToLowerInvariant();

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static int Bit(MessageKind kind) => 1 << (int)kind;

    /// <summary>The index of the single bit set in <paramref name="bits"/>.</summary>
    private static int Log2(int bits)
    {
        var n = 0;
        while ((bits >>= 1) != 0) n++;
        return n;
    }
}
