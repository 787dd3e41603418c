using System.Net;
using ClawBot.Core.Api;
using ClawBot.Core.Errors;
using ClawBot.Core.Media;
using ClawBot.Core.Messaging;
using ClawBot.Core.Tests.Support;

namespace ClawBot.Core.Tests.Integration;

/// <summary>
/// A CDN answer longer than the attachment announced (or than the inbound cap) is cut off as it arrives, and a
/// failing destination is reported as the local failure it is.
/// </summary>
public sealed class CdnDownloadLimitTests : IDisposable
{
    private const string Key = "Dx4tPEtaaXiHlqW0w9Lh8A=="; // base64 of a raw 16-byte key
    private const long MiB = 1024 * 1024;
    private readonly string _dir = Directory.CreateTempSubdirectory("clawbot-limit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (ILinkClient Client, ScriptedHandler Handler) ClientServing(Func<HttpResponseMessage> answer)
    {
        var handler = new ScriptedHandler(_ => answer());
        var options = new ILinkClientOptions
        {
            BaseUrl = new Uri("http://api.test/"),
            CdnBaseUrl = new Uri("http://cdn.test/"),
            BotToken = "t",
            CdnTimeout = TimeSpan.FromSeconds(60),
        };
        return (new ILinkClient(options, new HttpClient(handler)), handler);
    }

    private static HttpResponseMessage Streaming(Stream body) => new(HttpStatusCode.OK) { Content = new StreamContent(body) };

    private static MediaAttachment Attachment(long? size, bool sizeIsPlaintext, string? key = Key, AttachmentKind kind = AttachmentKind.File) => new()
    {
        Kind = kind,
        FileName = kind == AttachmentKind.File ? "big.bin" : null,
        Size = size,
        SizeIsPlaintext = sizeIsPlaintext,
        Media = new CdnMediaReference { EncryptQueryParam = "p", AesKey = key },
    };

    [Theory]
    [InlineData(1000, true)]   // file_item.len: plaintext, so at most 1008 ciphertext bytes
    [InlineData(4096, false)]  // mid_size / video_size: ciphertext
    public async Task More_bytes_than_announced_stop_the_download_at_once(long announced, bool plaintext)
    {
        var body = new EndlessStream(16 * MiB);
        var (client, _) = ClientServing(() => Streaming(body));
        var ex = await Assert.ThrowsAsync<MediaIntegrityException>(() =>
            client.DownloadAttachmentAsync(Attachment(announced, plaintext), Stream.Null, null, CancellationToken.None));
        Assert.Contains("announced", ex.Message);
        Assert.InRange(body.Served, 0, 256 * 1024);
    }

    [Fact]
    public async Task A_content_length_over_the_announced_size_is_refused_before_reading()
    {
        var body = new EndlessStream(10 * MiB);
        var (client, _) = ClientServing(() =>
        {
            var response = Streaming(body);
            response.Content.Headers.ContentLength = 10 * MiB;
            return response;
        });
        await Assert.ThrowsAsync<MediaIntegrityException>(() =>
            client.DownloadAttachmentAsync(Attachment(1000, true), Stream.Null, null, CancellationToken.None));
        Assert.Equal(0, body.Served);
    }

    [Fact]
    public async Task Without_an_announced_size_the_download_stops_at_100_MiB()
    {
        var body = new EndlessStream(101 * MiB);
        var (client, _) = ClientServing(() => Streaming(body));
        var image = Attachment(null, false, key: null, kind: AttachmentKind.Image); // plaintext image: no decryption cost
        var ex = await Assert.ThrowsAsync<CdnException>(() =>
            client.DownloadAttachmentAsync(image, Stream.Null, null, CancellationToken.None));
        Assert.Contains("100 MiB", ex.Message);
        Assert.InRange(body.Served, 100 * MiB, 100 * MiB + 256 * 1024);
    }

    [Fact]
    public async Task An_announced_size_over_the_cap_is_refused_without_a_request()
    {
        var (client, handler) = ClientServing(() => Streaming(new EndlessStream(0)));
        var ex = await Assert.ThrowsAsync<CdnException>(() =>
            client.DownloadAttachmentAsync(Attachment(200 * MiB, true), Stream.Null, null, CancellationToken.None));
        Assert.Contains("100 MiB", ex.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task The_exact_announced_size_still_downloads()
    {
        var plain = new byte[5000];
        new Random(3).NextBytes(plain);
        var cipher = Core.Cdn.AesEcb.Encrypt(plain, Convert.FromBase64String(Key));
        var (client, _) = ClientServing(() => Streaming(new MemoryStream(cipher)));
        using var destination = new MemoryStream();
        Assert.Equal(5000, await client.DownloadAttachmentAsync(Attachment(5000, true), destination, null, CancellationToken.None));
        Assert.Equal(plain, destination.ToArray());
        destination.SetLength(0);
        Assert.Equal(5000, await client.DownloadAttachmentAsync(Attachment(cipher.Length, false), destination, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_cut_off_save_leaves_no_file_behind()
    {
        var (client, _) = ClientServing(() => Streaming(new EndlessStream(16 * MiB)));
        var saver = new AttachmentSaver(client);
        await Assert.ThrowsAsync<MediaIntegrityException>(() =>
            saver.SaveAsync(Attachment(1000, true), "m1", 0, _dir, overwrite: false, null, CancellationToken.None));
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public async Task A_failing_destination_is_a_local_write_error_not_a_network_one()
    {
        var plain = new byte[200_000];
        var cipher = Core.Cdn.AesEcb.Encrypt(plain, Convert.FromBase64String(Key));
        var (client, _) = ClientServing(() => Streaming(new MemoryStream(cipher)));
        var full = new DiskFullStream();
        var ex = await Assert.ThrowsAsync<IOException>(() =>
            client.DownloadAttachmentAsync(Attachment(plain.Length, true), full, null, CancellationToken.None));
        Assert.Same(full.Thrown, ex);
    }

    /// <summary>Zeros up to <c>limit</c> bytes, counting what was read; no length, so the client cannot know the size.</summary>
    private sealed class EndlessStream : Stream
    {
        private readonly long _limit;
        public EndlessStream(long limit) => _limit = limit;
        public long Served { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Served; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _limit - Served);
            Array.Clear(buffer, offset, n);
            Served += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A destination whose every write fails as a full disk does.</summary>
    private sealed class DiskFullStream : Stream
    {
        public IOException Thrown { get; } = new("No space left on device");
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => 0;
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) => throw Thrown;
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromException(Thrown);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException(Thrown);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
