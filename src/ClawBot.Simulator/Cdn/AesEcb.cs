using System.Security.Cryptography;

namespace ClawBot.Simulator.Cdn;

/// <summary>AES-128-ECB with PKCS7 (PROTOCOL.md §7.1): the only cipher the CDN uses.</summary>
public static class AesEcb
{
    /// <summary>(n/16 + 1) * 16: PKCS7 always adds 1..16 bytes.</summary>
    public static long CipherSize(long plainSize) => (plainSize / 16 + 1) * 16;

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

    /// <summary>
    /// Lowercase hex MD5 of the plaintext inside <paramref name="cipher"/>, decrypting in chunks so a 20 MiB upload
    /// is not copied again. Throws <see cref="CryptographicException"/> on a wrong key or bad padding.
    /// </summary>
    public static string PlainMd5(byte[] cipher, int length, byte[] key)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.PKCS7;
        using var decryptor = aes.CreateDecryptor();
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var source = new MemoryStream(cipher, 0, length, writable: false);
        using var crypto = new CryptoStream(source, decryptor, CryptoStreamMode.Read);
        var buffer = new byte[81920];
        int read;
        while ((read = crypto.Read(buffer, 0, buffer.Length)) > 0) md5.AppendData(buffer, 0, read);
        return Convert.ToHexString(md5.GetHashAndReset()).ToLowerInvariant();
    }
}
