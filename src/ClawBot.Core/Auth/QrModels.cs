using System;
using ClawBot.Core.Api;

namespace ClawBot.Core.Auth;

/// <summary>A QR code to bind a bot. Both values are secrets until login completes: never log them.</summary>
public sealed class QrCodeTicket
{
    /// <summary>Creates a ticket.</summary>
    public QrCodeTicket(string qrCode, string content) { QrCode = qrCode; Content = content; }

    /// <summary>The opaque id polled with <c>get_qrcode_status</c>.</summary>
    public string QrCode { get; }

    /// <summary>The deep link to render as a QR code (<c>qrcode_img_content</c>).</summary>
    public string Content { get; }

    /// <inheritdoc />
    public override string ToString() => "QR code (redacted)";
}

/// <summary>The states of a QR code, as <c>get_qrcode_status</c> reports them.</summary>
public enum QrStatus
{
    /// <summary>Not scanned yet (also what a poll timeout or a failed poll counts as).</summary>
    Wait,
    /// <summary><c>scaned</c>: scanned, awaiting confirmation on the phone.</summary>
    Scanned,
    /// <summary><c>scaned_but_redirect</c>: poll another host.</summary>
    ScannedButRedirect,
    /// <summary><c>need_verifycode</c>: the phone shows digits the user must type.</summary>
    NeedVerifyCode,
    /// <summary><c>verify_code_blocked</c>: too many wrong codes.</summary>
    VerifyCodeBlocked,
    /// <summary><c>expired</c>: fetch a new code.</summary>
    Expired,
    /// <summary><c>binded_redirect</c>: already bound to this client; no new credentials.</summary>
    AlreadyBound,
    /// <summary><c>confirmed</c>: credentials issued.</summary>
    Confirmed,
    /// <summary>A status this client does not know; treated as <see cref="Wait"/>.</summary>
    Unknown,
}

/// <summary>One answer of <c>get_qrcode_status</c>.</summary>
public sealed class QrStatusResult
{
    /// <summary>The state.</summary>
    public QrStatus Status { get; init; }
    /// <summary>The raw status string.</summary>
    public string RawStatus { get; init; } = "";
    /// <summary>With <see cref="QrStatus.Confirmed"/>: the bot token (secret).</summary>
    public string? BotToken { get; init; }
    /// <summary>With <see cref="QrStatus.Confirmed"/>: <c>ilink_bot_id</c> (<c>hex@im.bot</c>).</summary>
    public string? BotId { get; init; }
    /// <summary>With <see cref="QrStatus.Confirmed"/>: the WeChat user who scanned (<c>…@im.wechat</c>).</summary>
    public string? UserId { get; init; }
    /// <summary>With <see cref="QrStatus.Confirmed"/>: the API base for every later call (may be empty).</summary>
    public string? BaseUrl { get; init; }
    /// <summary>With <see cref="QrStatus.ScannedButRedirect"/>: the host to poll next.</summary>
    public string? RedirectHost { get; init; }

    /// <inheritdoc />
    public override string ToString() => RawStatus;
}

/// <summary>A bound bot: what a successful QR login yields.</summary>
public sealed class LoginResult
{
    /// <summary>The bot token (secret); null when <see cref="AlreadyBound"/>.</summary>
    public string? BotToken { get; init; }
    /// <summary><c>ilink_bot_id</c>; null when <see cref="AlreadyBound"/>.</summary>
    public string? BotId { get; init; }
    /// <summary>The WeChat user who scanned.</summary>
    public string? UserId { get; init; }
    /// <summary>The API base to use from now on.</summary>
    public Uri BaseUrl { get; init; } = ILinkDefaults.ApiBase;
    /// <summary>The service said this client already holds a live binding (<c>binded_redirect</c>): keep the stored credentials.</summary>
    public bool AlreadyBound { get; init; }

    /// <inheritdoc />
    public override string ToString() => AlreadyBound ? "already bound" : $"bound {BotId}";
}
