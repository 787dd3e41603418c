using System.Security.Cryptography;
using System.Text.Json;
using ClawBot.Simulator.Cdn;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.State;

namespace ClawBot.Simulator.Messaging;

/// <summary>
/// Builds an inbound media item (SIM-18): encrypts the content with a fresh key, stores the ciphertext on the CDN,
/// and writes image_item / file_item / video_item / voice_item with the requested key encoding (PROTOCOL.md §7.2).
/// </summary>
public static class InboundMedia
{
    /// <returns>The raw key and the CDN download parameters (file, thumbnail), so tests can look for them where they must not be.</returns>
    /// <remarks>
    /// In full shapes (<see cref="SimulatorOptions.FullShapes"/>) images and videos also carry a thumbnail: thumb_media
    /// (its own CDN blob, encrypted with the same key and described with the same key fields), thumb_size (ciphertext
    /// bytes), thumb_width and thumb_height; images also a url (the download URL, like full_url).
    /// </remarks>
    public static (byte[] Key, string Param, string? ThumbParam) Write(Utf8JsonWriter w, SimState state, SimInboundRequest request, long nowMs, string? refMsg)
    {
        var kind = request.MediaKind!.Value;
        var plain = request.Content ?? DefaultContent(kind);
        var encoding = request.KeyEncoding;
        if (encoding is SimKeyEncoding.HexOnly && kind != SimMediaKind.Image)
            throw new ArgumentException("HexOnly applies to images only (image_item.aeskey)");

        var key = RandomNumberGenerator.GetBytes(16);
        var encrypted = encoding != SimKeyEncoding.None;
        var blob = encrypted ? AesEcb.Encrypt(plain, key) : plain;
        var param = state.Cdn.Put(blob);

        // Which key fields appear: images default to hex aeskey + base64-of-raw aes_key, the rest to base64-of-hex.
        string? aesKey = null;
        string? hexKey = null;
        switch (encoding)
        {
            case SimKeyEncoding.Default when kind == SimMediaKind.Image:
                aesKey = KeyCodec.Base64OfRaw(key);
                hexKey = KeyCodec.Hex(key);
                break;
            case SimKeyEncoding.Default:
            case SimKeyEncoding.Base64OfHex:
                aesKey = KeyCodec.Base64OfHex(key);
                break;
            case SimKeyEncoding.Base64OfRaw:
                aesKey = KeyCodec.Base64OfRaw(key);
                break;
            case SimKeyEncoding.HexOnly:
                hexKey = KeyCodec.Hex(key);
                break;
        }

        w.WriteStartObject();
        w.WriteNumber("type", kind switch { SimMediaKind.Image => 2, SimMediaKind.Voice => 3, SimMediaKind.File => 4, _ => 5 });
        w.WriteNumber("create_time_ms", nowMs);
        w.WriteNumber("update_time_ms", nowMs);
        w.WriteBoolean("is_completed", true);
        w.WriteNumber("msg_id", Ids.MessageId());
        InboundText.WriteQuote(w, refMsg);
        var thumb = state.Options.FullShapes && kind is SimMediaKind.Image or SimMediaKind.Video
            ? Thumbnail.Make(state, request, key, encrypted)
            : null;

        var md5 = Convert.ToHexString(MD5.HashData(plain)).ToLowerInvariant();
        switch (kind)
        {
            case SimMediaKind.Image:
                w.WriteStartObject("image_item");
                WriteMedia(w, "media", state, param, aesKey);
                if (hexKey != null) w.WriteString("aeskey", hexKey);
                if (thumb != null)
                {
                    w.WriteString("url", DownloadUrl(state, param));
                    WriteThumbnail(w, state, thumb, aesKey);
                }
                w.WriteNumber("mid_size", blob.Length);
                w.WriteNumber("hd_size", blob.Length);
                w.WriteEndObject();
                break;
            case SimMediaKind.File:
                w.WriteStartObject("file_item");
                WriteMedia(w, "media", state, param, aesKey);
                w.WriteString("file_name", request.FileName ?? "file.bin");
                w.WriteString("md5", md5);
                w.WriteString("len", plain.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteEndObject();
                break;
            case SimMediaKind.Video:
                w.WriteStartObject("video_item");
                WriteMedia(w, "media", state, param, aesKey);
                w.WriteNumber("video_size", blob.Length);
                w.WriteNumber("play_length", Math.Max(1, (request.PlayTimeMs ?? 3000) / 1000));
                w.WriteString("video_md5", md5);
                if (thumb != null) WriteThumbnail(w, state, thumb, aesKey);
                w.WriteEndObject();
                break;
            case SimMediaKind.Voice:
                w.WriteStartObject("voice_item");
                WriteMedia(w, "media", state, param, aesKey);
                w.WriteNumber("encode_type", 6); // SILK, what WeChat voice notes usually are
                w.WriteNumber("bits_per_sample", 16);
                w.WriteNumber("sample_rate", 24000);
                w.WriteNumber("playtime", request.PlayTimeMs ?? 2000);
                if (!string.IsNullOrEmpty(request.Text)) w.WriteString("text", request.Text);
                w.WriteEndObject();
                break;
        }
        w.WriteEndObject();
        return (key, param, thumb?.Param);
    }

    private static void WriteMedia(Utf8JsonWriter w, string name, SimState state, string param, string? aesKey)
    {
        w.WriteStartObject(name);
        w.WriteString("encrypt_query_param", param);
        if (aesKey != null) w.WriteString("aes_key", aesKey);
        w.WriteNumber("encrypt_type", 1);
        if (state.Options.InboundFullUrl) w.WriteString("full_url", DownloadUrl(state, param));
        w.WriteEndObject();
    }

    private static string DownloadUrl(SimState state, string param) =>
        new Uri(state.CdnBase, "download?encrypted_query_param=" + Uri.EscapeDataString(param)).ToString();

    private static void WriteThumbnail(Utf8JsonWriter w, SimState state, Thumbnail thumb, string? aesKey)
    {
        WriteMedia(w, "thumb_media", state, thumb.Param, aesKey);
        w.WriteNumber("thumb_size", thumb.StoredSize);
        w.WriteNumber("thumb_width", thumb.Width);
        w.WriteNumber("thumb_height", thumb.Height);
    }

    /// <summary>A thumbnail put on the CDN: the given bytes, or a PNG of the given (or default) size.</summary>
    private sealed record Thumbnail(string Param, long StoredSize, int Width, int Height)
    {
        public static Thumbnail Make(SimState state, SimInboundRequest request, byte[] key, bool encrypted)
        {
            var width = request.ThumbWidth ?? ThumbnailImage.DefaultWidth;
            var height = request.ThumbHeight ?? ThumbnailImage.DefaultHeight;
            var plain = request.ThumbContent ?? ThumbnailImage.Png(width, height);
            var blob = encrypted ? AesEcb.Encrypt(plain, key) : plain;
            return new Thumbnail(state.Cdn.Put(blob), blob.Length, width, height);
        }
    }

    /// <summary>Some bytes when the caller gave none: deterministic, and not a multiple of 16 to exercise padding.</summary>
    private static byte[] DefaultContent(SimMediaKind kind)
    {
        var data = new byte[1000 + (int)kind];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)(i * 31 + (int)kind);
        return data;
    }
}
