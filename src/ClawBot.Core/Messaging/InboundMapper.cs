using System;
using System.Collections.Generic;
using System.Globalization;
using ClawBot.Core.Api.Wire;

namespace ClawBot.Core.Messaging;

/// <summary>Maps a wire <c>WeixinMessage</c> onto the public <see cref="InboundMessage"/> (PROTOCOL.md §5).</summary>
internal static class InboundMapper
{
    public static InboundMessage Map(WeixinMessage wire)
    {
        // Sized for the usual message (one text item): no collection is allocated unless a second text or a media
        // item needs one, since a batch maps hundreds of these.
        string? text = null;
        List<string>? moreTexts = null;
        string? transcription = null;
        var kinds = 0;
        List<MediaAttachment>? attachments = null;
        QuotedMessage? quote = null;

        foreach (var item in wire.ItemList ?? (IEnumerable<MessageItem>)Array.Empty<MessageItem>())
        {
            if (item is null) continue;
            quote ??= MapQuote(item.RefMsg);
            switch (item.Type)
            {
                case ItemType.Text:
                    kinds |= Bit(MessageKind.Text);
                    if (item.TextItem?.Text is { } t) { if (text is null) text = t; else (moreTexts ??= new List<string> { text }).Add(t); }
                    break;
                case ItemType.Image when item.ImageItem is { } image:
                    kinds |= Bit(MessageKind.Image);
                    (attachments ??= new List<MediaAttachment>()).Add(MapImage(image));
                    break;
                case ItemType.Voice when item.VoiceItem is { } voice:
                    kinds |= Bit(MessageKind.Voice);
                    if (transcription is null && !string.IsNullOrEmpty(voice.Text)) transcription = voice.Text;
                    (attachments ??= new List<MediaAttachment>()).Add(MapVoice(voice));
                    break;
                case ItemType.File when item.FileItem is { } file:
                    kinds |= Bit(MessageKind.File);
                    (attachments ??= new List<MediaAttachment>()).Add(MapFile(file));
                    break;
                case ItemType.Video when item.VideoItem is { } video:
                    kinds |= Bit(MessageKind.Video);
                    (attachments ??= new List<MediaAttachment>()).Add(MapVideo(video));
                    break;
            }
        }

        var kind = kinds == 0 ? MessageKind.Unknown
            : (kinds & (kinds - 1)) != 0 ? MessageKind.Mixed
            : (MessageKind)Log2(kinds);

        return new InboundMessage
        {
            MessageId = IdentityOf(wire),
            Seq = wire.Seq ?? 0,
            FromUserId = wire.FromUserId ?? "",
            ToUserId = wire.ToUserId ?? "",
            CreatedAt = TimeOf(wire.CreateTimeMs),
            Kind = kind,
            Text = moreTexts is not null ? string.Join("\n", moreTexts) : text ?? transcription ?? "",
            ContextToken = string.IsNullOrEmpty(wire.ContextToken) ? null : wire.ContextToken,
            GroupId = NullIfEmpty(wire.GroupId),
            SessionId = NullIfEmpty(wire.SessionId),
            Attachments = (IReadOnlyList<MediaAttachment>?)attachments ?? Array.Empty<MediaAttachment>(),
            Quote = quote,
        };
    }

    /// <summary><c>message_id</c>, else the first non-empty item <c>msg_id</c> (§5.4); "" when the message has neither.</summary>
    public static string IdentityOf(WeixinMessage wire)
    {
        if (IsId(wire.MessageId)) return wire.MessageId!;
        if (wire.ItemList is null) return "";
        foreach (var item in wire.ItemList)
            if (item is not null && IsId(item.MsgId)) return item.MsgId!;
        return "";
    }

    // Proto3 writes an unset uint64 as 0, so zero is no id at all.
    private static bool IsId(string? id) => !string.IsNullOrEmpty(id) && id != "0";

    private static QuotedMessage? MapQuote(RefMessage? reference)
    {
        if (reference is null) return null;
        var id = IsId(reference.SvrId) ? reference.SvrId : IsId(reference.MessageItem?.MsgId) ? reference.MessageItem!.MsgId : null;
        return new QuotedMessage
        {
            MessageId = id,
            Title = NullIfEmpty(reference.Title),
            Text = reference.MessageItem?.TextItem?.Text ?? reference.MessageItem?.VoiceItem?.Text,
        };
    }

    private static MediaAttachment MapImage(ImageItem image) => new()
    {
        Kind = AttachmentKind.Image,
        Size = image.MidSize,
        SizeIsPlaintext = false,
        Media = MapMedia(image.Media, image.Aeskey),
    };

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
