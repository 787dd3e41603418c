using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Cdn;

/// <summary>A file encrypted for upload: the ciphertext, the plaintext's size and MD5.</summary>
internal sealed class EncryptedFile
{
    public EncryptedFile(byte[] cipher, long rawSize, string rawMd5)
    {
        Cipher = cipher; RawSize = rawSize; RawMd5 = rawMd5;
    }

    public byte[] Cipher { get; }
    public long RawSize { get; }
    public string RawMd5 { get; }
}

/// <summary>
/// Reads a file once, hashing the plaintext (MD5) and encrypting it (AES-128-ECB/PKCS7) as it goes, straight into one
/// buffer of the exact ciphertext size. A 20 MiB file costs 20 MiB plus a 64 KiB scratch buffer, not three copies.
/// </summary>
internal static class FileEncryptor
{
    // A multiple of the AES block, so every full read encrypts without carry-over.
    private const int ChunkBytes = 64 * 1024;

    public static async Task<EncryptedFile> EncryptAsync(string path, byte[] key, long maxBytes, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var rawSize = file.Length;
        if (rawSize > maxBytes) throw new Errors.FileTooLargeException(Path.GetFileName(path), rawSize, maxBytes);

        var cipher = new byte[AesEcb.CipherSize(rawSize)];
        var chunk = new byte[ChunkBytes];
        using var md5 = MD5.Create();
        using var aes = AesEcb.Create(key);
        using var encryptor = aes.CreateEncryptor();

        long read = 0;
        var written = 0;
        while (true)
        {
            var n = await FillAsync(file, chunk, cancellationToken).ConfigureAwait(false);
            if (read + n > rawSize) throw new IOException($"'{Path.GetFileName(path)}' grew while it was being read.");
            read += n;
            md5.TransformBlock(chunk, 0, n, null, 0);

            if (n == chunk.Length)
            {
                written += encryptor.TransformBlock(chunk, 0, n, cipher, written);
                progress?.Report(new TransferProgress("encrypt", read, rawSize));
                continue;
            }

            // The last, partial read: whole blocks first, then the padded tail.
            var whole = n - n % 16;
            if (whole > 0) written += encryptor.TransformBlock(chunk, 0, whole, cipher, written);
            var tail = encryptor.TransformFinalBlock(chunk, whole, n - whole);
            Buffer.BlockCopy(tail, 0, cipher, written, tail.Length);
            written += tail.Length;
            break;
        }

        if (read != rawSize || written != cipher.Length)
            throw new IOException($"'{Path.GetFileName(path)}' changed while it was being read.");
        md5.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
        progress?.Report(new TransferProgress("encrypt", read, rawSize));
        return new EncryptedFile(cipher, rawSize, Hex.Lower(md5.Hash!));
    }

    private static async Task<int> FillAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer, total, buffer.Length - total, cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
