using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using ClawBot.Core.Cdn;

namespace ClawBot.Benchmarks;

/// <summary>
/// AES-128-ECB/PKCS7 + MD5 over a 20 MiB file: ClawBot's upload path (<c>FileEncryptor</c>: read, hash and encrypt
/// in one pass into one exact-size buffer) against bare loops over the same primitives on an in-memory buffer.
/// </summary>
[BytesPerOperation(Size)]
public class CryptoBenchmarks
{
    public const int Size = 20 * 1024 * 1024;
    private const int Chunk = 64 * 1024;

    private string _path = "";
    private byte[] _data = [];
    private byte[] _cipher = [];
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(16);
    private Aes _aes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = RandomNumberGenerator.GetBytes(Size);
        _cipher = new byte[AesEcb.CipherSize(Size)];
        _path = Path.Combine(Path.GetTempPath(), $"clawbot-bench-{Environment.ProcessId}.bin");
        File.WriteAllBytes(_path, _data);
        _aes = Aes.Create();
        _aes.Key = _key;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(_path);
        _aes.Dispose();
    }

    /// <summary>What Send-ClawFile does before the upload: the file through Core's one-pass encryptor (file in the page cache).</summary>
    [Benchmark(Description = "Core upload path (FileEncryptor, from file)")]
    public object CoreUploadPath() =>
        FileEncryptor.EncryptAsync(_path, _key, long.MaxValue, null, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The baseline: Aes (ECB, PKCS7) and MD5 transforms over 64 KiB slices of an in-memory buffer, no I/O.</summary>
    [Benchmark(Baseline = true, Description = "Bare Aes+MD5 loop (64 KiB, in memory)")]
    public byte[] BareLoop()
    {
        using var md5 = MD5.Create();
        using var aes = Aes.Create();
        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.PKCS7;
        aes.Key = _key;
        using var enc = aes.CreateEncryptor();
        var written = 0;
        var offset = 0;
        for (; offset + Chunk <= _data.Length - 1; offset += Chunk)
        {
            md5.TransformBlock(_data, offset, Chunk, null, 0);
            written += enc.TransformBlock(_data, offset, Chunk, _cipher, written);
        }
        var rest = _data.Length - offset;
        md5.TransformFinalBlock(_data, offset, rest);
        var whole = rest - rest % 16;
        if (whole > 0) written += enc.TransformBlock(_data, offset, whole, _cipher, written);
        var tail = enc.TransformFinalBlock(_data, offset + whole, rest - whole);
        tail.CopyTo(_cipher, written);
        return md5.Hash!;
    }

    /// <summary>Where the core path's extra time goes (1): the bare loop, but into a fresh ciphertext array each time, as the core must.</summary>
    [Benchmark(Description = "Bare loop + fresh 20 MiB output array")]
    public byte[] BareLoopFreshOutput()
    {
        _cipher = new byte[AesEcb.CipherSize(Size)];
        return BareLoop();
    }

    /// <summary>Where the core path's extra time goes (2): the bare loop fed by 64 KiB async reads of the file (FileOptions.Asynchronous), as the core reads.</summary>
    [Benchmark(Description = "Bare loop + async 64 KiB file reads")]
    public byte[] BareLoopAsyncFile() => BareLoopFromFileAsync(FileOptions.Asynchronous | FileOptions.SequentialScan).GetAwaiter().GetResult();

    /// <summary>Where the core path's extra time goes (3): the same with synchronous reads.</summary>
    [Benchmark(Description = "Bare loop + sync 64 KiB file reads")]
    public byte[] BareLoopSyncFile() => BareLoopFromFileAsync(FileOptions.SequentialScan).GetAwaiter().GetResult();

    private async Task<byte[]> BareLoopFromFileAsync(FileOptions options)
    {
        using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, options);
        using var md5 = MD5.Create();
        using var aes = Aes.Create();
        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.PKCS7;
        aes.Key = _key;
        using var enc = aes.CreateEncryptor();
        var chunk = new byte[Chunk];
        var written = 0;
        while (true)
        {
            var n = 0;
            while (n < Chunk)
            {
                var r = await file.ReadAsync(chunk.AsMemory(n, Chunk - n));
                if (r == 0) break;
                n += r;
            }
            md5.TransformBlock(chunk, 0, n, null, 0);
            if (n == Chunk)
            {
                written += enc.TransformBlock(chunk, 0, n, _cipher, written);
                continue;
            }
            var whole = n - n % 16;
            if (whole > 0) written += enc.TransformBlock(chunk, 0, whole, _cipher, written);
            enc.TransformFinalBlock(chunk, whole, n - whole).CopyTo(_cipher, written);
            md5.TransformFinalBlock([], 0, 0);
            return md5.Hash!;
        }
    }

    /// <summary>The ceiling: one-shot span APIs (EncryptEcb, MD5.HashData) over the whole buffer.</summary>
    [Benchmark(Description = "One-shot EncryptEcb + MD5.HashData")]
    public byte[] OneShot()
    {
        _aes.EncryptEcb(_data, _cipher, PaddingMode.PKCS7);
        return MD5.HashData(_data);
    }

    /// <summary>MD5 alone (the sequential part: MD5 cannot be parallelised).</summary>
    [Benchmark(Description = "MD5 alone")]
    public byte[] Md5Only() => MD5.HashData(_data);

    /// <summary>AES-ECB alone.</summary>
    [Benchmark(Description = "AES-128-ECB alone")]
    public int AesOnly() => _aes.EncryptEcb(_data, _cipher, PaddingMode.PKCS7);
}
