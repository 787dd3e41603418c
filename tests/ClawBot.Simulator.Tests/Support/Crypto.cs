using System.Security.Cryptography;

namespace ClawBot.Simulator.Tests.Support;

/// <summary>AES-128-ECB/PKCS7 and key decoding, written from PROTOCOL.md §7 for the tests.</summary>
public static class Crypto
{
    public static byte[] Encrypt(byte[] plain, byte[] key)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        return aes.EncryptEcb(plain, PaddingMode.PKCS7);
    }

    public static byte[] Decrypt(byte[] cipher, byte[] key)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        return aes.DecryptEcb(cipher, PaddingMode.PKCS7);
    }

    public static string Md5Hex(byte[] data) => Convert.ToHexString(MD5.HashData(data)).ToLowerInvariant();

    public static string Hex(byte[] data) => Convert.ToHexString(data).ToLowerInvariant();

    /// <summary>§7.2 decoding: base64 → 16 raw bytes, or 32 hex digits → hex-decoded.</summary>
    public static byte[] DecodeKey(string b64)
    {
        var raw = Convert.FromBase64String(b64);
        if (raw.Length == 16) return raw;
        return Convert.FromHexString(System.Text.Encoding.ASCII.GetString(raw));
    }
}
