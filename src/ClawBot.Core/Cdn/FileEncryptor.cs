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
/// buffer of the exact ciphertext size. A 20 MiB file costs 20 MiB plus eight 64 KiB scratch buffers, not three copies.
/// </summary>
/// <remarks>
/// MD5 is the slow half (about 8× AES-NI here) and cannot be split, so one pool thread does nothing but hash, chunk
/// after chunk, while this thread reads ahead and encrypts into the fresh ciphertext buffer, whose first touch costs
/// page faults: on two cores those hide behind the hash. Chunks go round a ring of scratch buffers; a buffer is read
/// into again only once the hasher is done with it. Reads are synchronous: from the page cache, an asynchronous read
/// costs more than it saves. 64 KiB chunks stay in cache between the read, the hash and the encryption.
/// </remarks>
internal static class FileEncryptor
{
    // A multiple of the AES block, so every full read encrypts without carry-over.
    private const int ChunkBytes = 64 * 1024;
    private const int RingSize = 8;

    public static Task<EncryptedFile> EncryptAsync(string path, byte[] key, long maxBytes, IProgress<TransferProgress>? progress, CancellationToken cancellationToken) =>
        EncryptAsync(path, key, maxBytes, progress, MD5.Create, cancellationToken);

    /// <summary>As above, with the hash to use (tests give one that fails).</summary>
    internal static async Task<EncryptedFile> EncryptAsync(string path, byte[] key, long maxBytes, IProgress<TransferProgress>? progress,
        Func<HashAlgorithm> newMd5, CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var rawSize = file.Length;
        if (rawSize > maxBytes) throw new Errors.FileTooLargeException(Path.GetFileName(path), rawSize, maxBytes);

        var cipher = new byte[AesEcb.CipherSize(rawSize)];
        // No bigger than the file needs: most files sent are far smaller than a chunk.
        var chunkSize = (int)Math.Min(ChunkBytes, rawSize + 1);
        var ring = new Ring(chunkSize);
        using var md5 = newMd5();
        using var aes = AesEcb.Create(key);
        using var encryptor = aes.CreateEncryptor();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var hasher = Task.Run(() => ring.Drain(md5, stop), CancellationToken.None);
        try
        {
            long read = 0;
            var written = 0;
            while (true)
            {
                byte[] chunk;
                try
                {
                    chunk = await ring.NextFreeAsync(stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Not the caller's cancellation but the hasher's failure: that is the error to report.
                    await hasher.ConfigureAwait(false);
                    throw;
                }
                var n = Fill(file, chunk);
                if (read + n > rawSize) throw new IOException($"'{Path.GetFileName(path)}' grew while it was being read.");
                read += n;
                ring.Filled(n);

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

            await hasher.ConfigureAwait(false);
            if (read != rawSize || written != cipher.Length)
                throw new IOException($"'{Path.GetFileName(path)}' changed while it was being read.");
            md5.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            progress?.Report(new TransferProgress("encrypt", read, rawSize));
            return new EncryptedFile(cipher, rawSize, Hex.Lower(md5.Hash!));
        }
        finally
        {
            // Never dispose the hash while the hasher may still be feeding it (a failed read, a cancellation). Its own
            // failure, if any, was already thrown above or is beside the point of the one propagating now.
            stop.Cancel();
            try { await hasher.ConfigureAwait(false); }
            catch (Exception) { }
        }
    }

    private static int Fill(Stream stream, byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    /// <summary>
    /// The scratch buffers between the reader and the hasher. The reader takes the next free buffer, fills it and
    /// hands it on; the hasher takes filled buffers in the same order and frees each when hashed. A short buffer is
    /// the last one.
    /// </summary>
    private sealed class Ring
    {
        private readonly byte[]?[] _buffers = new byte[]?[RingSize];
        private readonly int[] _lengths = new int[RingSize];
        private readonly int _chunkSize;
        private readonly SemaphoreSlim _free = new(RingSize, RingSize);
        private readonly SemaphoreSlim _filled = new(0, RingSize);
        private int _readerSlot;

        public Ring(int chunkSize) => _chunkSize = chunkSize;

        public async Task<byte[]> NextFreeAsync(CancellationToken cancellationToken)
        {
            await _free.WaitAsync(cancellationToken).ConfigureAwait(false);
            return _buffers[_readerSlot] ??= new byte[_chunkSize];
        }

        public void Filled(int length)
        {
            _lengths[_readerSlot] = length;
            _readerSlot = (_readerSlot + 1) % RingSize;
            _filled.Release();
        }

        /// <summary>
        /// Hashes every filled buffer in order, up to and including the short last one. A failure cancels
        /// <paramref name="stop"/>, so the reader does not wait for a buffer that will never come free.
        /// </summary>
        public void Drain(HashAlgorithm hash, CancellationTokenSource stop)
        {
            try
            {
                for (var slot = 0; ; slot = (slot + 1) % RingSize)
                {
                    _filled.Wait(stop.Token);
                    var length = _lengths[slot];
                    hash.TransformBlock(_buffers[slot]!, 0, length, null, 0);
                    _free.Release();
                    if (length < _chunkSize) return;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                stop.Cancel();
                throw;
            }
        }
    }
}
