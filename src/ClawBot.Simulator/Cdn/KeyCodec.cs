using System.Text;

namespace ClawBot.Simulator.Cdn;

/// <summary>The AES key encodings of PROTOCOL.md §7.2.</summary>
public static class KeyCodec
{
    public static string Hex(byte[] key) => Convert.ToHexString(key).ToLowerInvariant();

    /// <summary>base64 of the 32 ASCII hex digits (what senders put in media.aes_key; inbound file/voice/video).</summary>
    public static string Base64OfHex(byte[] key) => Convert.ToBase64String(Encoding.ASCII.GetBytes(Hex(key)));

    /// <summary>base64 of the raw 16 bytes (inbound image media.aes_key).</summary>
    public static string Base64OfRaw(byte[] key) => Convert.ToBase64String(key);

    public static bool IsHex32(string? s) =>
        s is { Length: 32 } && s.All(Uri.IsHexDigit);

    /// <summary>
    /// The official decoding rule: base64-decode; 16 bytes are the key, 32 hex digits are hex-decoded; anything else
    /// is an error (null).
    /// </summary>
    public static byte[]? DecodeAesKey(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        byte[] raw;
        try { raw = Convert.FromBase64String(value); }
        catch (FormatException) { return null; }
        if (raw.Length == 16) return raw;
        if (raw.Length == 32)
        {
            var text = Encoding.ASCII.GetString(raw);
            if (IsHex32(text)) return Convert.FromHexString(text);
        }
        return null;
    }
}
