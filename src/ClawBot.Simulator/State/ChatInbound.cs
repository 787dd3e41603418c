using ClawBot.Simulator.Control;

namespace ClawBot.Simulator.State;

/// <summary>
/// One message a simulated user sent a bot, as the chat page shows it: what the user sent (not the wire shape), and
/// where its media lies on the CDN so the page can show it decrypted.
/// </summary>
public sealed class ChatInbound
{
    public required long Seq { get; init; }
    public required string MessageId { get; init; }
    public required string FromUserId { get; init; }
    public required DateTimeOffset At { get; init; }
    public string? Text { get; init; }
    public SimMediaKind? MediaKind { get; init; }
    public string? FileName { get; init; }
    public int? PlayTimeMs { get; init; }
    /// <summary>The quoted message's id (QuoteSvrId or QuoteMessageId), and the part of it the user selected.</summary>
    public string? QuoteId { get; init; }
    public string? QuoteSelection { get; init; }
    /// <summary>Media: the CDN download parameter and the key it was encrypted with (null key: stored as plaintext).</summary>
    public string? MediaParam { get; init; }
    public byte[]? MediaKey { get; init; }
    /// <summary>Plaintext size of the media, when known up front (else read from the CDN on first use).</summary>
    public long? MediaSize { get; set; }

    /// <summary>The record of a message built by InboundQueue; <paramref name="media"/> is what InboundMedia stored.</summary>
    public static ChatInbound Of(long seq, ulong messageId, string from, DateTimeOffset at, SimInboundRequest request, (byte[] Key, string Param, string? ThumbParam)? media) => new()
    {
        Seq = seq,
        MessageId = messageId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        FromUserId = from,
        At = at,
        Text = request.Text,
        MediaKind = request.MediaKind,
        FileName = request.FileName,
        PlayTimeMs = request.PlayTimeMs,
        QuoteId = request.QuoteSvrId ?? request.QuoteMessageId,
        QuoteSelection = request.QuoteSelection,
        MediaParam = media?.Param,
        MediaKey = media is { } m && request.KeyEncoding != SimKeyEncoding.None ? m.Key : null,
        MediaSize = request.Content?.LongLength,
    };
}
