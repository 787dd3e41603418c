using System;
using System.IO;
using System.Management.Automation;
using ClawBot.Core.Errors;

namespace ClawBot.Infrastructure;

/// <summary>Turns failures into ErrorRecords with a stable id, a category, a target and a recommended action.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(Exception exception, object? target)
    {
        var (id, category, action) = Classify(exception);
        var record = new ErrorRecord(Safe(exception), id, category, target);
        if (action is not null)
        {
            record.ErrorDetails = new ErrorDetails(record.Exception.Message) { RecommendedAction = action };
        }
        return record;
    }

    public static ErrorRecord Create(string id, ErrorCategory category, object? target, string message, string? recommendedAction = null)
    {
        var record = new ErrorRecord(new ClawBotCmdletException(message), id, category, target);
        if (recommendedAction is not null)
        {
            record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = recommendedAction };
        }
        return record;
    }

    /// <summary>Nothing connected and no stored profile to use (<paramref name="profileName"/>, when one was looked for).</summary>
    public static ErrorRecord NotConnected(string? profileName, string? why = null) => Create(
        ErrorIds.NotConnected, ErrorCategory.ConnectionError, profileName,
        why ?? (profileName is null
            ? "Not connected to a WeChat bot in this session."
            : $"Not connected to a WeChat bot in this session, and no profile '{profileName}' is stored to use instead."),
        "Run Connect-ClawBot to bind a bot by scanning a QR code (stored for the next sessions), or Connect-ClawBot -Credential (Get-Secret ClawBot) / -Token with a bot token kept elsewhere; or pass -Session. $ClawBotProfile or $env:CLAWBOT_PROFILE names the stored profile to use by default.");

    private static (string Id, ErrorCategory Category, string? Action) Classify(Exception e) => e switch
    {
        SessionExpiredException => (ErrorIds.SessionExpired, ErrorCategory.AuthenticationError,
            "The service may let the session back by itself: run the command again later (Tencent's own client waits an hour). If it keeps failing, bind again with Connect-ClawBot -Force and a new QR code; the same bot keeps its receive position and contacts' aliases."),
        ProfileBusyException => (ErrorIds.AlreadyReceiving, ErrorCategory.ResourceBusy,
            "Stop the other Receive-ClawMessage first, or receive there: several windows may send with one profile, but only one receives."),
        PartialSendException => (ErrorIds.PartialSend, ErrorCategory.WriteError,
            "The recipient received only the first parts; send the rest again."),
        ApiErrorException api when api.Code == -2 => (ErrorIds.ApiError, ErrorCategory.InvalidOperation,
            "The service refused the message. If the user has not written to the bot recently, ask them to send it a message, then try again."),
        ApiErrorException => (ErrorIds.ApiError, ErrorCategory.InvalidOperation, null),
        TransportException => (ErrorIds.TransportError, ErrorCategory.ConnectionError,
            "Check the network and the session's base URL, then try again."),
        MalformedResponseException => (ErrorIds.MalformedResponse, ErrorCategory.InvalidData, null),
        CdnException => (ErrorIds.CdnError, ErrorCategory.ConnectionError, "Try again; the CDN may be busy."),
        FileTooLargeException => (ErrorIds.FileTooLarge, ErrorCategory.LimitsExceeded,
            "Compress or split the file so that each part is at most 20 MiB."),
        QrLoginException { Reason: QrLoginFailure.TooManyExpired } => (ErrorIds.QrExpired, ErrorCategory.OperationTimeout,
            "Run Connect-ClawBot again and scan the code within a minute of it appearing."),
        QrLoginException => (ErrorIds.QrLoginFailed, ErrorCategory.AuthenticationError, "Run Connect-ClawBot again."),
        MediaIntegrityException => (ErrorIds.AttachmentIntegrity, ErrorCategory.InvalidData, null),
        ProfileChangedException => (ErrorIds.ProfileChanged, ErrorCategory.ResourceUnavailable,
            "Run Connect-ClawBot with the profile's name to use what is stored now (or to bind again if it was removed)."),
        ProfileStoreException => (ErrorIds.ProfileCorrupt, ErrorCategory.InvalidData,
            "Repair or delete the profile file, or bind again with Connect-ClawBot -Force."),
        ArgumentException => (ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, null),
        FileNotFoundException or DirectoryNotFoundException => (ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, null),
        UnauthorizedAccessException or IOException => (ErrorIds.FileReadFailed, ErrorCategory.ReadError, null),
        _ => (ErrorIds.Unexpected, ErrorCategory.NotSpecified, null),
    };

    // Core exceptions carry secret-free messages by contract; anything else is reduced to its type, since a
    // framework message can quote a URL (and so a CDN parameter).
    private static Exception Safe(Exception e) => e switch
    {
        ClawBotException or ArgumentException or IOException or UnauthorizedAccessException => e,
        _ => new ClawBotCmdletException($"An unexpected error occurred ({e.GetType().Name}).")
    };
}

/// <summary>A module-level failure (not connected, no context token…).</summary>
public sealed class ClawBotCmdletException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClawBotCmdletException(string message) : base(message) { }
}
