namespace ClawBot.Simulator.Control;

/// <summary>
/// What a media blob is, from its first bytes: the chat page shows images, video and audio inline and offers
/// everything else as a download. Only these known, passive types are ever served inline (the page and the control
/// API share an origin, so a bot's HTML or SVG must never render there).
/// </summary>
public static class MediaTypes
{
    public sealed record Kind(string ContentType, string Extension, bool Inline);

    public static readonly Kind Binary = new("application/octet-stream", "bin", false);

    public static Kind Sniff(ReadOnlySpan<byte> d)
    {
        if (Starts(d, 0, 0x89, 0x50, 0x4E, 0x47)) return new("image/png", "png", true);
        if (Starts(d, 0, 0xFF, 0xD8, 0xFF)) return new("image/jpeg", "jpg", true);
        if (Starts(d, 0, (byte)'G', (byte)'I', (byte)'F', (byte)'8')) return new("image/gif", "gif", true);
        if (Starts(d, 0, (byte)'B', (byte)'M') && d.Length > 26) return new("image/bmp", "bmp", true);
        if (Starts(d, 0, (byte)'R', (byte)'I', (byte)'F', (byte)'F') && Starts(d, 8, (byte)'W', (byte)'E', (byte)'B', (byte)'P')) return new("image/webp", "webp", true);
        if (Starts(d, 0, (byte)'R', (byte)'I', (byte)'F', (byte)'F') && Starts(d, 8, (byte)'W', (byte)'A', (byte)'V', (byte)'E')) return new("audio/wav", "wav", true);
        if (Starts(d, 4, (byte)'f', (byte)'t', (byte)'y', (byte)'p'))
            return Starts(d, 8, (byte)'M', (byte)'4', (byte)'A') ? new("audio/mp4", "m4a", true) : new("video/mp4", "mp4", true);
        if (Starts(d, 0, 0x1A, 0x45, 0xDF, 0xA3)) return new("video/webm", "webm", true);
        if (Starts(d, 0, (byte)'O', (byte)'g', (byte)'g', (byte)'S')) return new("audio/ogg", "ogg", true);
        if (Starts(d, 0, (byte)'I', (byte)'D', (byte)'3') || (d.Length > 1 && d[0] == 0xFF && (d[1] & 0xE0) == 0xE0)) return new("audio/mpeg", "mp3", true);
        if (Starts(d, 0, (byte)'%', (byte)'P', (byte)'D', (byte)'F')) return new("application/pdf", "pdf", false);
        if (Starts(d, 0, 0x02, (byte)'#', (byte)'!', (byte)'S', (byte)'I', (byte)'L', (byte)'K') || Starts(d, 0, (byte)'#', (byte)'!', (byte)'S', (byte)'I', (byte)'L', (byte)'K'))
            return new("audio/silk", "silk", false);
        return Binary;
    }

    private static bool Starts(ReadOnlySpan<byte> data, int offset, params ReadOnlySpan<byte> magic) =>
        data.Length >= offset + magic.Length && data.Slice(offset, magic.Length).SequenceEqual(magic);
}
