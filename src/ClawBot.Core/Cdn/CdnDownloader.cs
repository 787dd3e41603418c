using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Errors;
using ClawBot.Core.Http;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Cdn;

/// <summary>
/// GETs an attachment from the CDN and decrypts it while streaming into the destination, counting and hashing as it
/// goes (PROTOCOL.md §7.4). No retry and no API headers, as the official client. The answer is cut off as soon as it
/// runs past the size the attachment announced, or past <see cref="MaxInboundBytes"/> when it announced none, so a
/// hostile or broken CDN cannot fill the disk.
/// </summary>
internal sealed class CdnDownloader
{
    public const string Operation = "cdn-download";
    private const int ChunkBytes = 64 * 1024;

    /// <summary>The largest attachment downloaded, in plaintext bytes: the official client's cap (PROTOCOL.md §7.5).</summary>
    public const long MaxInboundBytes = 100L * 1024 * 1024;

    // Ciphertext is up to one padding block longer than the plaintext it carries.
    private static readonly long MaxWireBytes = AesEcb.CipherSize(MaxInboundBytes);
    private readonly HttpExchange _exchange;

    public CdnDownloader(HttpExchange exchange) => _exchange = exchange;

    /// <summary>The key per §7.2: images prefer the hex <c>aeskey</c>; an image with no key at all is plaintext (null).</summary>
    public static byte[]? ResolveKey(MediaAttachment attachment)
    {
        var media = attachment.Media;
        var isImage = attachment.Kind == AttachmentKind.Image;
        if (isImage && !string.IsNullOrEmpty(media?.HexAesKey))
        {
            var fromHex = AesKeyCodec.TryParseHexKey(media!.HexAesKey!);
            if (fromHex != null) return fromHex;
        }
        if (!string.IsNullOrEmpty(media?.AesKey))
            return AesKeyCodec.TryParseBase64Key(media!.AesKey!) ?? throw new MediaIntegrityException("its key is in no known encoding");
        if (isImage && string.IsNullOrEmpty(media?.HexAesKey)) return null;
        throw new MediaIntegrityException(isImage ? "its key is in no known encoding" : "it carries no decryption key");
    }

    public static Uri ResolveUrl(CdnMediaReference media, Uri cdnBase)
    {
        if (!string.IsNullOrWhiteSpace(media.FullUrl)
            && Uri.TryCreate(media.FullUrl!.Trim(), UriKind.Absolute, out var full)
            && (full.Scheme == Uri.UriSchemeHttps || full.Scheme == Uri.UriSchemeHttp))
            return full; // followed exactly, never rewritten
        if (string.IsNullOrEmpty(media.EncryptQueryParam))
            throw new CdnException(Operation, null, "the attachment carries no download parameter");
        return UrlJoin.Combine(cdnBase, "download", "encrypted_query_param=" + Uri.EscapeDataString(media.EncryptQueryParam!));
    }

    public async Task<long> DownloadAsync(MediaAttachment attachment, Uri cdnBase, Stream destination, TimeSpan timeout, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var media = attachment.Media ?? throw new CdnException(Operation, null, "the attachment carries no download reference");
        var key = ResolveKey(attachment);
        var url = ResolveUrl(media, cdnBase);
        var announced = ExpectedCipherSize(attachment, key != null);
        if (announced > MaxWireBytes)
            throw new CdnException(Operation, null, $"the attachment is announced at {attachment.Size:N0} bytes, over the {MaxInboundBytes / (1024 * 1024)} MiB limit for inbound media");
        var limit = announced ?? MaxWireBytes;

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan) timeoutSource.CancelAfter(timeout);
        var token = timeoutSource.Token;
        var path = HttpExchange.PathOf(url);
        var watch = Stopwatch.StartNew();
        int? status = null;

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await _exchange.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            if (status < 200 || status >= 300)
            {
                _exchange.Log.HttpCall("GET", path, status, watch.Elapsed, null);
                string? error = null;
                if (response.Headers.TryGetValues("x-error-message", out var values)) foreach (var v in values) { error = v; break; }
                throw new CdnException(Operation, status, CdnUploader.Describe(status.Value, error));
            }

            var length = response.Content.Headers.ContentLength;
            if (length > limit) throw Overlong(attachment, status.Value, $"{length:N0}");
            var total = length ?? announced ?? 0;
            using var network = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var counting = new CountingStream(network, n =>
            {
                // Checked before the bytes go on, so nothing past the limit reaches the destination.
                if (n > limit) throw Overlong(attachment, status.Value, $"more than {limit:N0}");
                progress?.Report(new TransferProgress("download", n, Math.Max(total, n)));
            });
            using var md5 = MD5.Create();
            long written;
            if (key is null)
            {
                written = await CopyAsync(counting, destination, md5, token).ConfigureAwait(false);
            }
            else
            {
                using var aes = AesEcb.Create(key);
                using var decryptor = aes.CreateDecryptor();
                using var plain = new CryptoStream(counting, decryptor, CryptoStreamMode.Read);
                try
                {
                    written = await CopyAsync(plain, destination, md5, token).ConfigureAwait(false);
                }
                catch (CryptographicException)
                {
                    throw new MediaIntegrityException("wrong key or corrupt data (bad padding)");
                }
            }
            _exchange.Log.HttpCall("GET", path, status, watch.Elapsed, null);

            md5.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            Verify(attachment, written, counting.Count, key != null, Hex.Lower(md5.Hash!));
            return written;
        }
        catch (DestinationFailedException failed)
        {
            // The destination's own failure (a full disk, a closed stream) as it was thrown: not a network error.
            ExceptionDispatchInfo.Capture(failed.InnerException!).Throw();
            throw;
        }
        catch (Exception ex) when (ex is not ClawBotException && _exchange.Translate(ex, Operation, "GET", path, watch, timeout, cancellationToken) is { } translated)
        {
            if (translated is TransportException transport) throw new CdnException(Operation, status, transport.Reason);
            throw translated;
        }
    }

    private static long? ExpectedCipherSize(MediaAttachment attachment, bool encrypted)
    {
        if (attachment.Size is not long size) return null;
        // A ciphertext size says nothing exact about an unencrypted body (the final check does not hold it to it
        // either): only the overall cap applies there.
        if (!attachment.SizeIsPlaintext && !encrypted) return null;
        return attachment.SizeIsPlaintext && encrypted ? AesEcb.CipherSize(size) : size;
    }

    // More bytes than announced is the integrity failure Verify would report at the end; with nothing announced, the
    // CDN broke the cap.
    private static ClawBotException Overlong(MediaAttachment attachment, int status, string bytes) =>
        attachment.Size is long size
            ? new MediaIntegrityException($"the CDN answered with {bytes} bytes where {size:N0} were announced")
            : new CdnException(Operation, status, $"the CDN answered with {bytes} bytes, over the {MaxInboundBytes / (1024 * 1024)} MiB limit for inbound media");

    private static void Verify(MediaAttachment attachment, long plainBytes, long wireBytes, bool encrypted, string md5)
    {
        if (attachment.Size is long size)
        {
            if (attachment.SizeIsPlaintext && plainBytes != size)
                throw new MediaIntegrityException($"{plainBytes:N0} bytes arrived where {size:N0} were announced");
            if (!attachment.SizeIsPlaintext && encrypted && wireBytes != size)
                throw new MediaIntegrityException($"{wireBytes:N0} encrypted bytes arrived where {size:N0} were announced");
        }
        if (!string.IsNullOrEmpty(attachment.Md5) && !string.Equals(attachment.Md5, md5, StringComparison.OrdinalIgnoreCase))
            throw new MediaIntegrityException("its MD5 does not match the announced one");
    }

    private static async Task<long> CopyAsync(Stream source, Stream destination, HashAlgorithm md5, CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkBytes];
        long total = 0;
        int n;
        while ((n = await source.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
        {
            md5.TransformBlock(buffer, 0, n, null, 0);
            try
            {
                await destination.WriteAsync(buffer, 0, n, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new DestinationFailedException(ex);
            }
            total += n;
        }
        return total;
    }

    // Carries a failure of the destination past the network-error translation, which would take an IOException from
    // a full disk for a dropped connection.
    private sealed class DestinationFailedException : Exception
    {
        public DestinationFailedException(Exception inner) : base(inner.Message, inner) { }
    }
}
