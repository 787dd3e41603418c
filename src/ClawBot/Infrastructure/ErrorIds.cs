namespace ClawBot.Infrastructure;

/// <summary>Every error id the module raises, in one place, so scripts can rely on them.</summary>
public static class ErrorIds
{
    /// <summary>No session in this runspace and none given.</summary>
    public const string NotConnected = "ClawBot.NotConnected";
    /// <summary>The service answered -14.</summary>
    public const string SessionExpired = "ClawBot.SessionExpired";
    /// <summary>No stored profile by that name.</summary>
    public const string ProfileNotFound = "ClawBot.ProfileNotFound";
    /// <summary>The stored profile cannot be read.</summary>
    public const string ProfileCorrupt = "ClawBot.ProfileCorrupt";
    /// <summary>A profile name with characters a file name cannot hold.</summary>
    public const string InvalidProfileName = "ClawBot.InvalidProfileName";
    /// <summary>Another session bound the stored profile again or removed it; this session's copy is stale.</summary>
    public const string ProfileChanged = "ClawBot.ProfileChanged";
    /// <summary>Another Receive-ClawMessage (this window or another process) is receiving on the profile.</summary>
    public const string AlreadyReceiving = "ClawBot.AlreadyReceiving";
    /// <summary>The store folder or file could not be written.</summary>
    public const string ProfileWriteFailed = "ClawBot.ProfileWriteFailed";
    /// <summary>No context token known for the recipient.</summary>
    public const string NoContextToken = "ClawBot.NoContextToken";
    /// <summary>The recipient's context token expired, or the bot used up what it may send until the user writes again.</summary>
    public const string SendWindowClosed = "ClawBot.SendWindowClosed";
    /// <summary>The service gave no typing ticket for the user.</summary>
    public const string TypingUnavailable = "ClawBot.TypingUnavailable";
    /// <summary>No contact by that id or alias.</summary>
    public const string ContactNotFound = "ClawBot.ContactNotFound";
    /// <summary>An alias another contact already has.</summary>
    public const string AliasInUse = "ClawBot.AliasInUse";
    /// <summary>An alias that could be mistaken for a user id.</summary>
    public const string InvalidAlias = "ClawBot.InvalidAlias";
    /// <summary>An attachment could not be downloaded or saved.</summary>
    public const string AttachmentSaveFailed = "ClawBot.AttachmentSaveFailed";
    /// <summary>The service refused a call (ret/errcode).</summary>
    public const string ApiError = "ClawBot.ApiError";
    /// <summary>No usable answer from the service.</summary>
    public const string TransportError = "ClawBot.TransportError";
    /// <summary>An answer that could not be read.</summary>
    public const string MalformedResponse = "ClawBot.MalformedResponse";
    /// <summary>The CDN refused an upload or download.</summary>
    public const string CdnError = "ClawBot.CdnError";
    /// <summary>Some parts of a multi-part send were delivered, the rest were not.</summary>
    public const string PartialSend = "ClawBot.PartialSend";
    /// <summary>A file over the 20 MiB cap.</summary>
    public const string FileTooLarge = "ClawBot.FileTooLarge";
    /// <summary>A path that resolves to no file.</summary>
    public const string FileNotFound = "ClawBot.FileNotFound";
    /// <summary>A path that is a folder, or not on the file system.</summary>
    public const string NotAFile = "ClawBot.NotAFile";
    /// <summary>A file that could not be read.</summary>
    public const string FileReadFailed = "ClawBot.FileReadFailed";
    /// <summary>Every QR code expired before it was confirmed.</summary>
    public const string QrExpired = "ClawBot.QrExpired";
    /// <summary>The QR login ended without a bot for another reason.</summary>
    public const string QrLoginFailed = "ClawBot.QrLoginFailed";
    /// <summary>The QR image file could not be written.</summary>
    public const string QrCodePathInvalid = "ClawBot.QrCodePathInvalid";
    /// <summary>An attachment failed its size or MD5 check, or its key was bad.</summary>
    public const string AttachmentIntegrity = "ClawBot.AttachmentIntegrity";
    /// <summary>An empty or otherwise unusable argument.</summary>
    public const string InvalidArgument = "ClawBot.InvalidArgument";
    /// <summary>A base URL that is not an absolute http(s) URL.</summary>
    public const string InvalidBaseUrl = "ClawBot.InvalidBaseUrl";
    /// <summary>The service refused a bot token given with -Token or -Credential.</summary>
    public const string InvalidToken = "ClawBot.InvalidToken";
    /// <summary>A QR code would have to be shown, but nobody can see this PowerShell (non-interactive, redirected).</summary>
    public const string InteractionRequired = "ClawBot.InteractionRequired";
    /// <summary>The stored profile of that name belongs to another bot.</summary>
    public const string ProfileInUse = "ClawBot.ProfileInUse";
    /// <summary>A base URL that is neither https nor loopback.</summary>
    public const string InsecureBaseUrl = "ClawBot.InsecureBaseUrl";
    /// <summary>An unexpected failure (a bug): reported, never a stack trace.</summary>
    public const string Unexpected = "ClawBot.Unexpected";
}
