using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Api.Wire;
using ClawBot.Core.Cdn;
using ClawBot.Core.Errors;
using ClawBot.Core.Http;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Api;

public sealed partial class ILinkClient
{
    /// <summary>
    /// Encrypts (AES-128-ECB) and MD5s the file in one pass, asks <c>getuploadurl</c>, uploads to the CDN (3 tries, never a 4xx).
    /// The size cap is checked before any network call.
    /// </summary>
    public async Task<UploadedMedia> UploadFileAsync(string toUserId, string path, OutboundMediaKind kind, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        const string operation = "getuploadurl";
        RequireRecipient(toUserId);
        var resolvedKind = Preflight(path, kind);

        var key = RandomBytes(16);
        var encrypted = await FileEncryptor.EncryptAsync(path, key, _options.MaxFileBytes, progress, cancellationToken).ConfigureAwait(false);
        var fileKey = Hex.Lower(RandomBytes(16));

        var body = new GetUploadUrlRequest
        {
            Filekey = fileKey,
            MediaType = MediaTypeOf(resolvedKind),
            ToUserId = toUserId,
            Rawsize = encrypted.RawSize,
            Rawfilemd5 = encrypted.RawMd5,
            Filesize = encrypted.Cipher.Length,
            NoNeedThumb = true,
            Aeskey = AesKeyCodec.ToHex(key),
            BaseInfo = _api.NewBaseInfo(),
        };
        var answer = await _api.PostAsync(operation, ApiUrl(operation), body, WireJson.Default.GetUploadUrlRequest, WireJson.Default.GetUploadUrlResponse,
            _options.SendTimeout, withToken: true, retry: true, retryTimeouts: true, cancellationToken).ConfigureAwait(false);
        ApiCaller.EnsureOk(operation, answer);

        var uploadUrl = UploadUrlOf(answer, fileKey);
        var downloadParam = await new CdnUploader(_exchange).UploadAsync(uploadUrl, encrypted.Cipher, _options.CdnTimeout, progress, cancellationToken).ConfigureAwait(false);

        return new UploadedMedia
        {
            Kind = resolvedKind,
            DownloadParam = downloadParam,
            AesKey = key,
            RawSize = encrypted.RawSize,
            CipherSize = encrypted.Cipher.Length,
            RawMd5 = encrypted.RawMd5,
            FileName = Path.GetFileName(path),
        };
    }

    /// <summary>Sends an uploaded file as its own message (image_item, video_item or file_item).</summary>
    public Task<SendResult> SendMediaAsync(string toUserId, string? contextToken, UploadedMedia media, CancellationToken cancellationToken)
    {
        RequireRecipient(toUserId);
        if (media is null) throw new ArgumentNullException(nameof(media));
        var part = new List<(MessageItem, int)> { (MediaItemOf(media), MessageState.Finish) };
        return SendPartsAsync(toUserId, contextToken, part, cancellationToken);
    }

    /// <summary>Uploads the file, then sends the caption (as its own text message, if any) and the file's message.</summary>
    /// <remarks>
    /// The upload comes first, so a file that cannot be read, uploaded or is refused sends nothing at all: never a
    /// caption without its file. Caption and file then go as the parts of one send (see <see cref="SendTextAsync"/>
    /// for what a failure or a cancellation part-way reports).
    /// </remarks>
    public async Task<SendResult> SendFileAsync(string toUserId, string? contextToken, string path, OutboundMediaKind kind, string? caption, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        RequireRecipient(toUserId);
        var resolvedKind = Preflight(path, kind);
        var media = await UploadFileAsync(toUserId, path, resolvedKind, progress, cancellationToken).ConfigureAwait(false);

        var parts = new List<(MessageItem, int)>(2);
        if (!string.IsNullOrEmpty(caption))
        {
            // A caption longer than one message goes as its chunks, all before the file.
            var chunks = TextChunker.Split(caption!, _options.ChunkSize);
            for (var i = 0; i < chunks.Count; i++)
                parts.Add((new MessageItem { Type = ItemType.Text, TextItem = new TextItem { Text = chunks[i] } }, MessageState.Finish));
        }
        parts.Add((MediaItemOf(media), MessageState.Finish));
        return await SendPartsAsync(toUserId, contextToken, parts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Downloads and decrypts an attachment into <paramref name="destination"/>, verifying size and MD5 where known.</summary>
    /// <remarks>
    /// Bytes are written as they are decrypted; when verification then fails (<see cref="MediaIntegrityException"/>),
    /// the destination holds unusable data and the caller should discard it.
    /// </remarks>
    public Task<long> DownloadAttachmentAsync(MediaAttachment attachment, Stream destination, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        if (attachment is null) throw new ArgumentNullException(nameof(attachment));
        if (destination is null) throw new ArgumentNullException(nameof(destination));
        return new CdnDownloader(_exchange).DownloadAsync(attachment, _options.CdnBaseUrl, destination, _options.CdnTimeout, progress, cancellationToken);
    }

    // Everything that can be refused without the network: a missing file, a file over the cap.
    private OutboundMediaKind Preflight(string path, OutboundMediaKind kind)
    {
        if (string.IsNullOrEmpty(path)) throw new ArgumentException("A file path is required.", nameof(path));
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"The file '{info.Name}' does not exist.", path);
        if (info.Length > _options.MaxFileBytes) throw new FileTooLargeException(info.Name, info.Length, _options.MaxFileBytes);
        return MimeTypes.Resolve(kind, info.Name);
    }

    private Uri UploadUrlOf(GetUploadUrlResponse answer, string fileKey)
    {
        var full = (answer.UploadFullUrl ?? answer.UploadFullUrlAlias)?.Trim();
        if (!string.IsNullOrEmpty(full))
        {
            if (Uri.TryCreate(full, UriKind.Absolute, out var fullUri) && (fullUri.Scheme == Uri.UriSchemeHttps || fullUri.Scheme == Uri.UriSchemeHttp))
                return fullUri;
            throw new MalformedResponseException("getuploadurl", "upload_full_url is not an http(s) URL");
        }
        var param = answer.UploadParam ?? answer.UploadParamAlias;
        if (string.IsNullOrEmpty(param)) throw new MalformedResponseException("getuploadurl", "neither upload_full_url nor upload_param in the answer");
        return UrlJoin.Combine(_options.CdnBaseUrl, "upload",
            "encrypted_query_param=" + Uri.EscapeDataString(param!) + "&filekey=" + Uri.EscapeDataString(fileKey));
    }

    private static MessageItem MediaItemOf(UploadedMedia media)
    {
        var cdn = new CdnMedia
        {
            EncryptQueryParam = media.DownloadParam,
            AesKey = AesKeyCodec.ToBase64OfHex(media.AesKey),
            EncryptType = 1,
        };
        return media.Kind switch
        {
            OutboundMediaKind.Image => new MessageItem { Type = ItemType.Image, ImageItem = new ImageItem { Media = cdn, MidSize = media.CipherSize } },
            OutboundMediaKind.Video => new MessageItem { Type = ItemType.Video, VideoItem = new VideoItem { Media = cdn, VideoSize = media.CipherSize } },
            _ => new MessageItem
            {
                Type = ItemType.File,
                FileItem = new FileItem { Media = cdn, FileName = media.FileName, Len = media.RawSize.ToString(CultureInfo.InvariantCulture) },
            },
        };
    }

    private static int MediaTypeOf(OutboundMediaKind kind) => kind switch
    {
        OutboundMediaKind.Image => 1,
        OutboundMediaKind.Video => 2,
        _ => 3,
    };

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        using var rng = RandomNumberGenerator.Create();
        rng.GetBytes(bytes);
        return bytes;
    }
}
