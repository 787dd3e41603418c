using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Api;
using ClawBot.Core.Errors;
using ClawBot.Core.Http;

namespace ClawBot.Core.Auth;

/// <summary>
/// The whole QR bind: fetch a code, poll its status through every state, refresh expired codes up to the limit, follow
/// redirects, ask for verification codes, and return the credentials (or <see cref="LoginResult.AlreadyBound"/>).
/// </summary>
/// <remarks>PROTOCOL.md §3. A failed QR fetch (first or refresh) ends the login with that failure.</remarks>
public sealed class QrLoginFlow
{
    private readonly ILinkClient _client;
    private readonly QrLoginOptions _options;

    /// <summary>Creates a flow over a client without a token.</summary>
    public QrLoginFlow(ILinkClient client, QrLoginOptions options)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>Runs the login. Throws <see cref="Errors.QrLoginException"/> when it ends without a bot.</summary>
    public async Task<LoginResult> RunAsync(IQrLoginObserver observer, CancellationToken cancellationToken)
    {
        if (observer is null) throw new ArgumentNullException(nameof(observer));
        var maxCodes = Math.Max(1, _options.MaxQrCodes);
        var clock = Stopwatch.StartNew();

        var shown = 0;
        QrCodeTicket ticket = null!;
        Uri pollBase = null!;
        string? pendingCode = null;
        var scannedReported = false;

        async Task NewCodeAsync()
        {
            ticket = await _client.GetBotQrCodeAsync(_options.LocalTokens, cancellationToken).ConfigureAwait(false);
            shown++;
            // A new code starts over on the QR host; a redirect belonged to the previous code's account.
            pollBase = _client.QrBaseUrl;
            pendingCode = null;
            scannedReported = false;
            observer.QrCodeIssued(ticket, shown, maxCodes);
        }

        await NewCodeAsync().ConfigureAwait(false);

        while (true)
        {
            var remaining = _options.Deadline - clock.Elapsed;
            if (remaining <= TimeSpan.Zero) throw Deadline();

            var timeout = _options.StatusTimeout < remaining ? _options.StatusTimeout : remaining;
            var status = await _client.GetQrCodeStatusAsync(ticket.QrCode, pollBase, pendingCode, timeout, cancellationToken).ConfigureAwait(false);

            switch (status.Status)
            {
                case QrStatus.Confirmed:
                    if (string.IsNullOrEmpty(status.BotId))
                        throw new QrLoginException(QrLoginFailure.MissingBotId, "WeChat confirmed the login but sent no bot id, so the binding cannot be used. Try again.");
                    if (string.IsNullOrEmpty(status.BotToken))
                        throw new QrLoginException(QrLoginFailure.MissingBotId, "WeChat confirmed the login but sent no bot token, so the binding cannot be used. Try again.");
                    return new LoginResult
                    {
                        BotToken = status.BotToken,
                        BotId = status.BotId,
                        UserId = status.UserId,
                        BaseUrl = ParseBase(status.BaseUrl, _client.QrBaseUrl),
                    };

                case QrStatus.AlreadyBound:
                    return new LoginResult { AlreadyBound = true, UserId = status.UserId, BaseUrl = _client.Options.BaseUrl };

                case QrStatus.NeedVerifyCode:
                    {
                        // Coming back while a code is pending means that code was wrong.
                        var wrong = pendingCode != null;
                        var code = await observer.RequestVerifyCodeAsync(wrong, cancellationToken).ConfigureAwait(false);
                        if (string.IsNullOrWhiteSpace(code))
                            throw new QrLoginException(QrLoginFailure.VerifyCodeUnavailable, "WeChat asked for the verification code shown on the phone, and none was entered.");
                        pendingCode = code!.Trim();
                        continue; // answered at once, no pause
                    }

                case QrStatus.VerifyCodeBlocked:
                    if (shown >= maxCodes)
                        throw new QrLoginException(QrLoginFailure.VerifyCodeBlocked, $"Too many wrong verification codes, and all {maxCodes} QR codes were used. Start the login again.");
                    await NewCodeAsync().ConfigureAwait(false);
                    continue;

                case QrStatus.Expired:
                    observer.Expired(shown, maxCodes);
                    if (shown >= maxCodes)
                        throw new QrLoginException(QrLoginFailure.TooManyExpired, $"The QR code expired {maxCodes} times without being confirmed. Start the login again.");
                    await NewCodeAsync().ConfigureAwait(false);
                    continue;

                case QrStatus.ScannedButRedirect:
                    ReportScanned();
                    pendingCode = null;
                    if (status.RedirectHost is { } host && TryRedirect(pollBase, host, out var redirected))
                    {
                        pollBase = redirected;
                        observer.Redirected(redirected.Authority);
                    }
                    break;

                case QrStatus.Scanned:
                    // A pending verify code that yields "scaned" was accepted.
                    pendingCode = null;
                    ReportScanned();
                    break;

                default: // Wait, Unknown
                    break;
            }

            var pause = _options.Deadline - clock.Elapsed;
            if (pause <= TimeSpan.Zero) throw Deadline();
            await Task.Delay(_options.PollInterval < pause ? _options.PollInterval : pause, cancellationToken).ConfigureAwait(false);
        }

        void ReportScanned()
        {
            if (scannedReported) return;
            scannedReported = true;
            observer.Scanned();
        }

        QrLoginException Deadline() => new(QrLoginFailure.DeadlineExceeded,
            $"The QR login was not completed within {_options.Deadline.TotalSeconds:0} seconds. Start the login again.");
    }

    // The redirect keeps the scheme of the current poll base (https in production, http on a loopback simulator).
    private static bool TryRedirect(Uri current, string host, out Uri redirected)
    {
        redirected = current;
        var trimmed = host.Trim().TrimEnd('/');
        if (trimmed.Length == 0 || trimmed.IndexOfAny(new[] { '/', '?', '#', '@', ' ' }) >= 0) return false;
        if (!Uri.TryCreate(current.Scheme + "://" + trimmed + "/", UriKind.Absolute, out var uri)) return false;
        redirected = uri;
        return true;
    }

    // The token goes to this base from now on, so a plain-http base is taken only where the login itself ran over
    // plain http (loopback, or a QR host the user explicitly allowed); an https login never drops to http.
    private static Uri ParseBase(string? baseUrl, Uri qrBase)
    {
        if (string.IsNullOrWhiteSpace(baseUrl)) return ILinkDefaults.ApiBase;
        var text = baseUrl!.Trim();
        if (!text.Contains("://")) text = "https://" + text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
            return ILinkDefaults.ApiBase;
        if (uri.Scheme == "http" && !uri.IsLoopback && qrBase.Scheme == "https")
            throw new QrLoginException(QrLoginFailure.InsecureBaseUrl,
                "WeChat confirmed the login but named a plain-http API host; the bot token would cross the network in clear, so the binding was not kept.");
        return UrlJoin.EnsureTrailingSlash(uri);
    }
}
