using System.Security.Cryptography;
using ClawBot.Core.Cdn;
using ClawBot.Core.Errors;
using ClawBot.Core.Messaging;
using ClawBot.Core.Tests.Support;

namespace ClawBot.Core.Tests.Unit;

/// <summary>
/// The upload encryptor hashes on another thread through a ring of 64 KiB buffers: every size around the chunk and
/// ring boundaries must give exactly what one-shot AES-128-ECB and MD5 give over the whole file.
/// </summary>
public sealed class FileEncryptorTests : IDisposable
{
    private const int Chunk = 64 * 1024;
    private readonly TempDir _dir = new();
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(16);

    public FileEncryptorTests() => Directory.CreateDirectory(_dir.Path);

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData(8 * Chunk)]            // exactly the ring: the last read is empty
    [InlineData(8 * Chunk + 17)]
    [InlineData(19 * Chunk + 12345)]   // goes round the ring more than twice
    public async Task Matches_one_shot_AES_and_MD5(int size)
    {
        var plain = RandomNumberGenerator.GetBytes(size);
        var path = _dir.Combine($"f{size}.bin");
        File.WriteAllBytes(path, plain);
        var reports = new List<TransferProgress>();

        var encrypted = await FileEncryptor.EncryptAsync(path, _key, long.MaxValue, new SyncProgress(reports.Add), CancellationToken.None).WaitAsync(Limit);

        Assert.Equal(AesEcb.Encrypt(plain, _key), encrypted.Cipher);
        Assert.Equal(Convert.ToHexString(MD5.HashData(plain)).ToLowerInvariant(), encrypted.RawMd5);
        Assert.Equal(size, encrypted.RawSize);
        Assert.Equal(size, reports[^1].Done);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Done <= p.Second.Done), "progress went backwards");
    }

    [Fact]
    public async Task A_cancelled_encryption_stops_and_says_so()
    {
        var path = _dir.Combine("big.bin");
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(64 * Chunk));
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p => { if (p.Done >= 3 * Chunk) cts.Cancel(); });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FileEncryptor.EncryptAsync(path, _key, long.MaxValue, progress, cts.Token).WaitAsync(Limit));
    }

    [Theory]
    [InlineData(0)]            // on the first chunk
    [InlineData(5 * Chunk)]    // with the ring full: the reader is waiting for a buffer the hasher will never free
    public async Task A_failing_hash_is_the_error_reported_not_a_hang_or_a_cancellation(long failAfter)
    {
        var path = _dir.Combine("hash.bin");
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(64 * Chunk));

        var ex = await Assert.ThrowsAsync<CryptographicException>(() =>
            FileEncryptor.EncryptAsync(path, _key, long.MaxValue, null, () => new FailingHash(failAfter), CancellationToken.None).WaitAsync(Limit));
        Assert.Equal("hash failed", ex.Message);
    }

    [Fact]
    public async Task A_file_over_the_cap_is_refused_before_it_is_read()
    {
        var path = _dir.Combine("capped.bin");
        File.WriteAllBytes(path, new byte[100]);
        var ex = await Assert.ThrowsAsync<FileTooLargeException>(() => FileEncryptor.EncryptAsync(path, _key, 99, null, CancellationToken.None));
        Assert.Contains("capped.bin", ex.Message);
    }

    // A hang is a failure, not a stalled run.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>An MD5 that throws once it has been fed more than a given number of bytes.</summary>
    private sealed class FailingHash(long failAfter) : HashAlgorithm
    {
        private readonly MD5 _inner = MD5.Create();
        private long _fed;

        public override void Initialize() => _inner.Initialize();

        protected override void HashCore(byte[] array, int ibStart, int cbSize)
        {
            _fed += cbSize;
            if (_fed > failAfter) throw new CryptographicException("hash failed");
            _inner.TransformBlock(array, ibStart, cbSize, null, 0);
        }

        protected override byte[] HashFinal()
        {
            _inner.TransformFinalBlock([], 0, 0);
            return _inner.Hash!;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the pool, after the call has returned).</summary>
    private sealed class SyncProgress(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}
