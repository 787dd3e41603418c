using System;
using System.Text;

namespace ClawBot.Core.Cdn;

/// <summary>The AES key encodings the service uses (PROTOCOL.md §7.2).</summary>
public static class AesKeyCodec
{
    /// <summary>Decodes <c>aes_key</c>: base64 of the raw 16 bytes, or base64 of their 32 hex digits. Null when neither.</summary>
    public static byte[]? TryParseBase64Key(string value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        byte[] decoded;
        try { decoded = Convert.FromBase64String(value.Trim()); }
        catch (FormatException) { return null; }

        if (decoded.Length == 16) return decoded;
        if (decoded.Length == 32) return TryParseHexKey(Encoding.ASCII.GetString(decoded));
        return null;
    }

    /// <summary>Decodes a 32-digit hex key (<c>image_item.aeskey</c>). Null when it is not one.</summary>
    public static byte[]? TryParseHexKey(string value)
    {
        if (value is null) return null;
        var trimmed = value.Trim();
        return trimmed.Length == 32 ? Hex.TryDecode(trimmed) : null;
    }

    /// <summary>Lowercase hex of the raw key (<c>getuploadurl.aeskey</c>).</summary>
    public static string ToHex(byte[] key) => Hex.Lower(key ?? throw new ArgumentNullException(nameof(key)));

    /// <summary>Base64 of the ASCII hex (<c>media.aes_key</c> we send).</summary>
    public static string ToBase64OfHex(byte[] key) => Convert.ToBase64String(Encoding.ASCII.GetBytes(ToHex(key)));
}
