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
    /// Lowercase hex MD5 of the plaintext inside <paramref name="cipher"/>, decrypting 64 KiB at a time into one reused
    /// buffer (ECB blocks are independent; only the last block carries the padding), so a 20 MiB upload is not copied
    /// again. Throws <see cref="CryptographicException"/> on a wrong key or bad padding.
    /// </summary>
    public static string PlainMd5(byte[] cipher, int length, byte[] key)
    {
        if (length == 0 || length % 16 != 0) throw new CryptographicException("ciphertext is not a whole number of blocks");
        using var aes = Aes.Create();
        aes.Key = key;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[64 * 1024];
        var offset = 0;
        while (length - offset > 16)
        {
            var chunk = Math.Min(buffer.Length, length - offset - 16); // keep the last block for the padding step
            var written = aes.DecryptEcb(cipher.AsSpan(offset, chunk), buffer, PaddingMode.None);
            md5.AppendData(buffer, 0, written);
            offset += chunk;
        }
        var last = aes.DecryptEcb(cipher.AsSpan(offset, 16), buffer, PaddingMode.PKCS7);
        md5.AppendData(buffer, 0, last);
        return Convert.ToHexString(md5.GetHashAndReset()).ToLowerInvariant();
    }
}
