using System;
using System.Security.Cryptography;
using ClawBot.Core.Errors;

namespace ClawBot.Core.Cdn;

/// <summary>AES-128-ECB with PKCS7, as the CDN stores media.</summary>
/// <remarks>ECB leaks block patterns; it is what the service uses, not a choice this client could make.</remarks>
public static class AesEcb
{
    /// <summary>Ciphertext size for a plaintext size: (n/16 + 1) * 16.</summary>
    public static long CipherSize(long plainSize) => (plainSize / 16 + 1) * 16;

    /// <summary>Encrypts a buffer.</summary>
    public static byte[] Encrypt(byte[] plaintext, byte[] key)
    {
        if (plaintext is null) throw new ArgumentNullException(nameof(plaintext));
        using var aes = Create(key);
        using var encryptor = aes.CreateEncryptor();
        return encryptor.TransformFinalBlock(plaintext, 0, plaintext.Length);
    }

    /// <summary>Decrypts a buffer; a bad key or padding throws <see cref="Errors.MediaIntegrityException"/>.</summary>
    public static byte[] Decrypt(byte[] ciphertext, byte[] key)
    {
        if (ciphertext is null) throw new ArgumentNullException(nameof(ciphertext));
        if (ciphertext.Length == 0 || ciphertext.Length % 16 != 0)
            throw new MediaIntegrityException($"the ciphertext is {ciphertext.Length} bytes, not a positive multiple of 16");
        using var aes = Create(key);
        using var decryptor = aes.CreateDecryptor();
        try
        {
            return decryptor.TransformFinalBlock(ciphertext, 0, ciphertext.Length);
        }
        catch (CryptographicException)
        {
            throw new MediaIntegrityException("wrong key or corrupt data (bad padding)");
        }
    }

    /// <summary>An AES-128 instance in ECB mode with PKCS7 padding for <paramref name="key"/>.</summary>
    internal static Aes Create(byte[] key)
    {
        if (key is null) throw new ArgumentNullException(nameof(key));
        if (key.Length != 16) throw new ArgumentException("An AES-128 key is 16 bytes.", nameof(key));
        var aes = Aes.Create();
        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.PKCS7;
        aes.Key = key;
        return aes;
    }
}
