using System;

namespace ClawBot.Core.Cdn;

/// <summary>The AES key encodings the service uses (PROTOCOL.md §7.2).</summary>
public static class AesKeyCodec
{
    /// <summary>Decodes <c>aes_key</c>: base64 of the raw 16 bytes, or base64 of their 32 hex digits. Null when neither.</summary>
    public static byte[]? TryParseBase64Key(string value) => throw new NotImplementedException();

    /// <summary>Decodes a 32-digit hex key (<c>image_item.aeskey</c>). Null when it is not one.</summary>
    public static byte[]? TryParseHexKey(string value) => throw new NotImplementedException();

    /// <summary>Lowercase hex of the raw key (<c>getuploadurl.aeskey</c>).</summary>
    public static string ToHex(byte[] key) => throw new NotImplementedException();

    /// <summary>Base64 of the ASCII hex (<c>media.aes_key</c> we send).</summary>
    public static string ToBase64OfHex(byte[] key) => throw new NotImplementedException();
}
