using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Auth;
using ClawBot.Core.Messaging;
using ClawBot.Core.Monitor;

namespace ClawBot.Core.Api;

/// <summary>
/// One client per bound bot (or one without a token for QR login). Every call is async and cancellable; all share one
/// process-wide HttpClient so connections are reused; the token travels only in per-request headers.
/// Failures surface as <see cref="Errors.ClawBotException"/> subtypes, cancellation as <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class ILinkClient
{
    /// <summary>Creates a client.</summary>
    public ILinkClient(ILinkClientOptions options) => throw new NotImplementedException();

    /// <summary>The options in force.</summary>
    public ILinkClientOptions Options => throw new NotImplementedException();

    /// <summary><c>get_bot_qrcode</c> (POST, bot_type=3) with up to 10 local tokens, newest first.</summary>
    public Task<QrCodeTicket> GetBotQrCodeAsync(IReadOnlyList<string> localTokens, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>One <c>get_qrcode_status</c> long-poll against <paramref name="pollBase"/>; a timeout or failure is <see cref="QrStatus.Wait"/>.</summary>
    public Task<QrStatusResult> GetQrCodeStatusAsync(string qrCode, Uri pollBase, string? verifyCode, TimeSpan timeout, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>One <c>getupdates</c> long-poll. -14 throws <see cref="Errors.SessionExpiredException"/>; a client timeout is an empty batch.</summary>
    public Task<UpdatesBatch> GetUpdatesAsync(string cursor, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Sends text, split into chunks of at most <see cref="ILinkClientOptions.ChunkSize"/> scalar values, each with its own client_id.</summary>
    public Task<SendResult> SendTextAsync(string toUserId, string? contextToken, string text, CancellationToken cancellationToken) => throw new NotImplementedException();

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

    /// <summary><c>getconfig</c>: the typing ticket for a user, or null when the service gives none.</summary>
    public Task<string?> GetTypingTicketAsync(string userId, string? contextToken, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary><c>sendtyping</c>: status 1 (typing) or 2 (cancel).</summary>
    public Task SendTypingAsync(string userId, string typingTicket, bool typing, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary><c>msg/notifystart</c>.</summary>
    public Task NotifyStartAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary><c>msg/notifystop</c>.</summary>
    public Task NotifyStopAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
}
