using System;

namespace ClawBot.Core.Errors;

/// <summary>
/// Base of every failure the core reports. Messages are written for the person running the script and never hold a
/// secret (token, context token, AES key, CDN parameter, QR code id); the cmdlets map each subtype to an ErrorRecord.
/// </summary>
public abstract class ClawBotException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected ClawBotException(string message, string? operation, Exception? inner = null) : base(message, inner)
    {
        Operation = operation;
    }

    /// <summary>The endpoint or step that failed (e.g. <c>getupdates</c>, <c>cdn-upload</c>), when there is one.</summary>
    public string? Operation { get; }
}

/// <summary>The service answered -14: the bot token is stale or the session expired. Never retried; re-bind.</summary>
public sealed class SessionExpiredException : ClawBotException
{
    /// <summary>Creates the exception.</summary>
    public SessionExpiredException(string operation, string? serverMessage)
        : base($"The WeChat service ended the bot's session (errcode -14 from {operation}).", operation)
    {
        ServerMessage = serverMessage;
    }

    /// <summary>The service's <c>errmsg</c>, e.g. "session timeout".</summary>
    public string? ServerMessage { get; }
}

/// <summary>A business error: HTTP 200 with a non-zero <c>ret</c> or <c>errcode</c>.</summary>
public sealed class ApiErrorException : ClawBotException
{
    /// <summary>Creates the exception.</summary>
    public ApiErrorException(string operation, int code, string? serverMessage)
        : base($"The iLink service refused {operation}: code {code}{Detail(serverMessage)}.", operation)
    {
        Code = code; ServerMessage = serverMessage;
    }

    // The message is shown to a person: the server's text goes in short and without control or format characters.
    private static string Detail(string? serverMessage)
    {
        var printable = ServerText.Printable(serverMessage);
        return printable.Length == 0 ? "" : " (" + printable + ")";
    }

    /// <summary>The non-zero <c>ret</c> (or <c>errcode</c> when <c>ret</c> is absent or zero).</summary>
    public int Code { get; }
    /// <summary>The service's <c>errmsg</c> as sent (the exception's message holds a shortened, printable copy).</summary>
    public string? ServerMessage { get; }
}

/// <summary>No usable HTTP answer: a network failure, a timeout, or a non-2xx status (after any retries).</summary>
public sealed class TransportException : ClawBotException
{
    /// <summary>Creates the exception.</summary>
    public TransportException(string operation, int? statusCode, string reason, Exception? inner = null)
        : base($"The call to {operation} failed: {reason}.", operation, inner)
    {
        StatusCode = statusCode; Reason = reason;
    }

    /// <summary>The HTTP status when one arrived.</summary>
    public int? StatusCode { get; }
    /// <summary>Short, secret-free reason.</summary>
    public string Reason { get; }
}

/// <summary>The server's answer could not be understood (invalid JSON, wrong types, an HTML error page…).</summary>
public sealed class MalformedResponseException : ClawBotException
{
    /// <summary>Creates the exception.</summary>
    public MalformedResponseException(string operation, string reason, Exception? inner = null)
        : base($"The iLink service sent an answer to {operation} that could not be read: {reason}.", operation, inner) { }
}

/// <summary>The CDN refused an upload or download, or answered without the download parameter.</summary>
public sealed class CdnException : ClawBotException
{
    /// <summary>Creates the exception.</summary>
    public CdnException(string operation, int? statusCode, string reason)
        : base($"The WeChat CDN {operation} failed: {reason}.", operation)
    {
        StatusCode = statusCode; Reason = reason;
    }

    /// <summary>The HTTP status when one arrived.</summary>
    public int? StatusCode { get; }
    /// <summary>Short, secret-free reason (the CDN's <c>x-error-message</c> where given).</summary>
    public string Reason { get; }
}

/// <summary>A file exceeds the 20 MiB plaintext cap; raised before any network call.</summary>
public sealed class FileTooLargeException : ClawBotException
{
    /// <summary>Creates the exception.</summary>
    public FileTooLargeException(string fileName, long size, long limit)
        : base($"'{fileName}' is {size:N0} bytes; files over {limit / (1024 * 1024)} MiB ({limit:N0} bytes) cannot be sent.", "upload")
    {
        FileName = fileName; Size = size; Limit = limit;
    }

    /// <summary>The file name (no directory).</summary>
    public string FileName { get; }
    /// <summary>The file's size in bytes.</summary>
    public long Size { get; }
    /// <summary>The cap in bytes.</summary>
    public long Limit { get; }
}

/// <summary>Why a QR login ended without a bound bot.</summary>
public enum QrLoginFailure
{
    /// <summary>Every QR code shown expired before it was confirmed.</summary>
    TooManyExpired,
    /// <summary>Too many wrong verification codes, and no QR code left to show.</summary>
    VerifyCodeBlocked,
    /// <summary>The whole login took longer than its deadline.</summary>
    DeadlineExceeded,
    /// <summary>The service confirmed without a bot id.</summary>
    MissingBotId,
    /// <summary>The service asked for a verification code and none could be obtained.</summary>
    VerifyCodeUnavailable,
    /// <summary>The service confirmed with a plain-http, non-loopback API base after an https login.</summary>
    InsecureBaseUrl,
}

/// <summary>The QR login ended without a bound bot.</summary>
public sealed class QrLoginException : ClawBotException
{
    /// <summary>Creates the exception.</summary>
    public QrLoginException(QrLoginFailure reason, string message) : base(message, "qr-login") { Reason = reason; }

    /// <summary>Why it ended.</summary>
    public QrLoginFailure Reason { get; }
}

/// <summary>Downloaded media could not be decrypted or did not match its announced size or MD5.</summary>
public sealed class MediaIntegrityException : ClawBotException
{
    /// <summary>Creates the exception.</summary>
    public MediaIntegrityException(string reason) : base($"The attachment could not be decoded: {reason}.", "cdn-download") { }
}

/// <summary>A send of several parts (chunks, caption + media) stopped part-way: failed, or cancelled (see <see cref="Cancelled"/>).</summary>
public sealed class PartialSendException : ClawBotException
{
    /// <summary>Creates the exception.</summary>
    public PartialSendException(int partsSent, int partCount, ClawBotException inner)
        : base($"Only {partsSent} of {partCount} parts were sent: {inner.Message}", inner.Operation, inner)
    {
        PartsSent = partsSent; PartCount = partCount;
    }

    /// <summary>Creates the exception for a send cancelled after some parts were accepted.</summary>
    /// <remarks>
    /// A plain <see cref="OperationCanceledException"/> would lose the count, and the caller must record the parts
    /// that went out (the send window counts them) or a resend duplicates them.
    /// </remarks>
    public PartialSendException(int partsSent, int partCount, OperationCanceledException cancelled, bool nextMayHaveArrived = false)
        : base(nextMayHaveArrived
            ? $"The send was cancelled after {partsSent} of {partCount} parts; part {partsSent + 1} was on its way and may have arrived."
            : $"The send was cancelled after {partsSent} of {partCount} parts.", "sendmessage", cancelled)
    {
        PartsSent = partsSent; PartCount = partCount; NextMayHaveArrived = nextMayHaveArrived;
    }

    /// <summary>True when the send stopped because it was cancelled (the inner exception is then the cancellation), not because it failed.</summary>
    public bool Cancelled => InnerException is OperationCanceledException;

    /// <summary>
    /// True when the part after <see cref="PartsSent"/> was on its way when the send was cancelled and its answer did
    /// not come in time: it may have arrived. The send window should count it.
    /// </summary>
    public bool NextMayHaveArrived { get; }

    /// <summary>How many parts the service accepted before the failure.</summary>
    public int PartsSent { get; }
    /// <summary>How many parts the send had.</summary>
    public int PartCount { get; }
}

/// <summary>A stored profile could not be read: hand-edited, truncated, or of a newer format.</summary>
public sealed class ProfileStoreException : ClawBotException
{
    /// <summary>Creates the exception.</summary>
    public ProfileStoreException(string profileName, string reason, Exception? inner = null)
        : base($"The stored ClawBot profile '{profileName}' cannot be used: {reason}. The file was left untouched.", "profile-store", inner)
    {
        ProfileName = profileName;
    }

    /// <summary>The profile's name.</summary>
    public string ProfileName { get; }
}
