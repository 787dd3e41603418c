using System;

namespace ClawBot.Core.Cdn;

/// <summary>AES-128-ECB with PKCS7, as the CDN stores media.</summary>
public static class AesEcb
{
    /// <summary>Ciphertext size for a plaintext size: (n/16 + 1) * 16.</summary>
    public static long CipherSize(long plainSize) => (plainSize / 16 + 1) * 16;

    /// <summary>Encrypts a buffer.</summary>
    public static byte[] Encrypt(byte[] plaintext, byte[] key) => throw new NotImplementedException();

    /// <summary>Decrypts a buffer; a bad key or padding throws <see cref="Errors.MediaIntegrityException"/>.</summary>
    public static byte[] Decrypt(byte[] ciphertext, byte[] key) => throw new NotImplementedException();
}
