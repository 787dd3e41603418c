using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Api;

public sealed partial class ILinkClient
{
    /// <summary>
    /// Encrypts (AES-128-ECB) and MD5s the file in one pass, asks <c>getuploadurl</c>, uploads to the CDN (3 tries, never a 4xx).
    /// The size cap is checked before any network call.
    /// </summary>
    public Task<UploadedMedia> UploadFileAsync(string toUserId, string path, OutboundMediaKind kind, IProgress<TransferProgress>? progress, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Sends an uploaded file as its own message (image_item, video_item or file_item).</summary>
    public Task<SendResult> SendMediaAsync(string toUserId, string? contextToken, UploadedMedia media, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Caption (as its own text message, if any), then upload and send the file.</summary>
    public Task<SendResult> SendFileAsync(string toUserId, string? contextToken, string path, OutboundMediaKind kind, string? caption, IProgress<TransferProgress>? progress, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Downloads and decrypts an attachment into <paramref name="destination"/>, verifying size and MD5 where known.</summary>
    public Task<long> DownloadAttachmentAsync(MediaAttachment attachment, Stream destination, IProgress<TransferProgress>? progress, CancellationToken cancellationToken) => throw new NotImplementedException();
}
