using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Completion;
using ClawBot.Core.Auth;
using ClawBot.Core.Errors;
using ClawBot.Core.Storage;
using ClawBot.Infrastructure;
using ClawBot.Qr;

namespace ClawBot.Commands;

/// <summary>
/// Connects this runspace to a WeChat bot: reuses a stored profile, binds a new one by QR code (drawn in the terminal,
/// or saved as a PNG for a headless host) and stores it, or takes a bot token kept elsewhere (a secret store, an
/// environment variable).
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "ClawBot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = QrSet)]
[OutputType(typeof(Session))]
public sealed class ConnectClawBotCommand : ClawBotCmdlet
{
    private const string QrSet = "QrCode";
    private const string TokenSet = "Token";
    private const string CredentialSet = "Credential";

    /// <summary>The profile to use or create (default: $ClawBotProfile, $env:CLAWBOT_PROFILE, else "default").</summary>
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>The iLink API base (default: Tencent's). Point it at the simulator to try things out.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? BaseUrl { get; set; }

    /// <summary>The CDN base for media (default: Tencent's).</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? CdnBaseUrl { get; set; }

    /// <summary>QR code: bind again even when the profile is stored. Token: replace a stored profile of another bot.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Also write each QR code as a PNG to this path (in place when a code is refreshed), for hosts without a terminal.</summary>
    [Parameter(ParameterSetName = QrSet)]
    [ValidateNotNullOrEmpty]
    public string? QrCodePath { get; set; }

    /// <summary>How long to wait for the QR code to be scanned and confirmed (a number means seconds); expired codes are refreshed meanwhile.</summary>
    [Parameter(ParameterSetName = QrSet)]
    [SecondsTransformation]
    public TimeSpan Timeout { get; set; }

    /// <summary>The bot token, as a SecureString (Get-Secret, Read-Host -AsSecureString, ConvertTo-SecureString).</summary>
    [Parameter(Mandatory = true, ParameterSetName = TokenSet)]
    [ValidateNotNull]
    public SecureString? Token { get; set; }

    /// <summary>The bot's id (…@im.bot) for -Token, when the profile does not already name it.</summary>
    [Parameter(ParameterSetName = TokenSet)]
    [ValidateNotNullOrEmpty]
    public string? BotId { get; set; }

    /// <summary>The bot's id as user name and its token as password (Get-Secret returns one).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
    [ValidateNotNull]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>With a token: the WeChat user who owns the bot, to whom messages go when no -To is given.</summary>
    [Parameter(ParameterSetName = TokenSet)]
    [Parameter(ParameterSetName = CredentialSet)]
    [ValidateNotNullOrEmpty]
    public string? UserId { get; set; }

    /// <summary>With a token: store it in the profile too (by default it is kept in memory only, where it came from a secret).</summary>
    [Parameter(ParameterSetName = TokenSet)]
    [Parameter(ParameterSetName = CredentialSet)]
    public SwitchParameter Save { get; set; }

    /// <summary>Allow a base URL that is plain http and not loopback.</summary>
    [Parameter]
    public SwitchParameter AllowInsecure { get; set; }

    /// <summary>Output the session.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private string _name = "default";

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        _name = Name ?? DefaultProfileName();
        if (!ProfileStore.IsValidName(_name))
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidProfileName, ErrorCategory.InvalidArgument, _name,
                $"'{_name}' is not a valid profile name: use 1 to 64 letters, digits, '-', '_' or '.', not starting with '.'."));
        }
        foreach (var url in new[] { BaseUrl, CdnBaseUrl })
        {
            if (url is null) continue;
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidBaseUrl, ErrorCategory.InvalidArgument, url.OriginalString,
                    $"'{url.OriginalString}' is not an http(s) URL.", "Give a full URL, such as https://ilinkai.weixin.qq.com/ (or http://127.0.0.1:5480/ for the simulator)."));
            }
            RefuseInsecure(url, $"'{Shown(url)}' is neither https nor a loopback address; the bot token would cross the network in clear.");
        }
        if (Timeout < TimeSpan.Zero)
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, Timeout,
                "-Timeout must be a positive time span (or a number of seconds)."));
        }

        var store = new ProfileStore();
        WarnAboutAnOpenStore(store);
        var stored = LoadStored(store);
        var session = ParameterSetName == QrSet ? ByQrCode(store, stored) : ByToken(store, stored);
        if (session is null) return; // -WhatIf, or declined
        RunspaceSessions.ForCurrentRunspace().Add(session);
        if (PassThru) WriteObject(session);
    }

    private Profile? LoadStored(ProfileStore store)
    {
        try
        {
            return store.TryLoad(_name);
        }
        catch (ProfileStoreException e) when (!Force)
        {
            ThrowTerminatingError(ErrorRecords.From(e, _name));
        }
        catch (ProfileStoreException)
        {
            WriteWarning($"The stored profile '{_name}' cannot be read; -Force replaces it.");
        }
        return null;
    }

    // A folder others can write lets them replace the profiles (and so the bot this session talks through).
    private void WarnAboutAnOpenStore(ProfileStore store)
    {
        if (store.AccessProblem() is { } problem) WriteWarning(problem);
    }

    private Session? ByQrCode(ProfileStore store, Profile? stored)
    {
        if (stored is not null && !Force)
        {
            if (string.IsNullOrEmpty(stored.BotToken))
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.NotConnected, ErrorCategory.ConnectionError, _name,
                    $"The stored profile '{_name}' keeps no bot token (it was connected with a token from a secret).",
                    $"Connect with the token again: Connect-ClawBot -Name {_name} -Credential (Get-Secret ...) or -Token; or bind again by QR code with -Force."));
            }
            RefuseInsecureStored(stored);
            return Resume(stored, store);
        }

        var what = stored is null
            ? $"Bind a WeChat bot by QR code and store it as profile '{_name}'"
            : $"Replace the stored binding of profile '{_name}' ({stored.BotId}) by binding again with a new QR code";
        if (!ShouldProcess(_name, what)) return null;
        if (!HostInteraction.IsInteractive(this) && QrCodePath is null)
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InteractionRequired, ErrorCategory.InvalidOperation, _name,
                $"Connect-ClawBot cannot show a QR code to anyone here: {HostInteraction.Describe(this)}, and no profile '{_name}' is stored.",
                "Bind once in an interactive PowerShell (the profile is stored and reused here), or give -QrCodePath <file.png> to scan the code from a file, or -Credential / -Token with a bot token kept in a secret store."));
        }
        if (stored is not null && BaseUrl is null) RefuseInsecureStored(stored); // its URLs are where the new code comes from
        return Bind(store, stored);
    }

    private void RefuseInsecureStored(Profile stored)
    {
        // A hand-edited profile must not send the token in clear either.
        if (ClientFactory.InsecureUrlIn(stored, AllowInsecure) is { } shown)
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InsecureBaseUrl, ErrorCategory.SecurityError, shown,
                $"The stored profile '{_name}' points at '{shown}', which is neither https nor loopback; the bot token would cross the network in clear.",
                "Use an https URL (or fix the stored profile, or bind again with -Force), or pass -AllowInsecure if you really mean it."));
        }
    }

    private void RefuseInsecure(Uri url, string message)
    {
        if (ClientFactory.IsAcceptable(url, AllowInsecure)) return;
        ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InsecureBaseUrl, ErrorCategory.SecurityError, Shown(url), message,
            "Use an https URL (or fix the stored profile, or bind again with -Force), or pass -AllowInsecure if you really mean it."));
    }

    private static string Shown(Uri url) => url.IsAbsoluteUri ? url.GetLeftPart(UriPartial.Authority) : url.OriginalString;

    private Session Resume(Profile profile, ProfileStore store)
    {
        var session = new Session(profile, store, ClientFactory.ForProfile(profile, PowerShellVersion()));
        Verbose($"Using the stored profile '{profile.Name}' ({profile.BotId}).");
        try
        {
            RunAsync(ct => session.Client.NotifyStartAsync(ct));
        }
        catch (SessionExpiredException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, profile.Name));
        }
        catch (ClawBotException e)
        {
            // Offline is not fatal: a script may connect before the network is up; the first real call reports it.
            WriteWarning($"Connected to the stored profile, but the service did not answer: {e.Message}");
        }
        return session;
    }

    /// <summary>A token from elsewhere: checked with one call, then used; stored only with -Save.</summary>
    private Session? ByToken(ProfileStore store, Profile? stored)
    {
        var token = Credential is not null ? Credential.GetNetworkCredential().Password : new NetworkCredential("", Token).Password;
        token = token.Trim();
        if (token.Length == 0)
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, _name, "The bot token is empty."));
        }
        var botId = (Credential?.UserName is { Length: > 0 } user ? user : BotId ?? stored?.BotId)?.Trim();
        if (string.IsNullOrEmpty(botId))
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, _name,
                "The bot's id is not known: no profile '" + _name + "' names it.",
                "Give it with -BotId (…@im.bot), or use -Credential with the bot id as the user name."));
        }

        var sameBot = stored is not null && stored.BotId == botId;
        if (stored is not null && !sameBot)
        {
            if (!Force)
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.ProfileInUse, ErrorCategory.ResourceExists, _name,
                    $"The stored profile '{_name}' belongs to another bot ({stored.BotId}).",
                    "Give another -Name for this bot, or -Force to replace that profile."));
            }
            if (!ShouldProcess(_name, $"Replace the stored profile '{_name}' ({stored.BotId}) with bot {botId}")) return null;
        }
        else if (!ShouldProcess(_name, Save
            ? $"Connect to {botId} with the given token and store it in profile '{_name}'"
            : $"Connect to {botId} with the given token (kept in memory) and store profile '{_name}' without it"))
        {
            return null;
        }

        var profile = sameBot ? stored! : new Profile
        {
            Name = _name,
            BotId = botId!,
            BaseUrl = BaseUrl?.ToString() ?? Core.Api.ILinkDefaults.ApiBase.ToString(),
            CdnBaseUrl = CdnBaseUrl?.ToString(),
            BoundAt = DateTimeOffset.UtcNow,
        };
        if (sameBot && BaseUrl is not null) profile.BaseUrl = BaseUrl.ToString();
        if (sameBot && CdnBaseUrl is not null) profile.CdnBaseUrl = CdnBaseUrl.ToString();
        if (UserId is not null) profile.UserId = UserId;
        profile.BotToken = token;
        profile.TokenInMemoryOnly = !Save;
        RefuseInsecureStored(profile);

        var session = new Session(profile, store, ClientFactory.ForProfile(profile, PowerShellVersion()));
        try
        {
            RunAsync(ct => session.Client.NotifyStartAsync(ct));
        }
        catch (SessionExpiredException)
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidToken, ErrorCategory.AuthenticationError, _name,
                $"The service refused the bot token for {botId}: it is not a live token of this bot.",
                "Check the secret (a token lasts until its bot is bound again); bind by QR code with Connect-ClawBot -Force to get a new one."));
        }
        catch (ClawBotException e)
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.TransportError, ErrorCategory.ConnectionError, _name,
                $"The bot token could not be checked: {e.Message}", "Check the network and -BaseUrl, then connect again."));
        }

        try
        {
            lock (profile.SyncRoot) store.Save(profile);
        }
        catch (Exception e) when (e is ClawBotException or IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(e is ClawBotException
                ? ErrorRecords.From(e, _name)
                : ErrorRecords.Create(ErrorIds.ProfileWriteFailed, ErrorCategory.WriteError, store.Directory, $"The profile could not be stored: {e.Message}"));
        }
        Verbose(Save
            ? $"Connected to {botId} with the given token; the token is stored in profile '{_name}'."
            : $"Connected to {botId} with the given token, kept in memory only; profile '{_name}' keeps the contact book and receive position.");
        return session;
    }

    private Session Bind(ProfileStore store, Profile? previous)
    {
        var psVersion = PowerShellVersion();
        // Binding a stored profile again goes where it was bound (the simulator, a test service), unless told otherwise.
        var loginBase = BaseUrl ?? StoredUrl(previous?.BaseUrl) ?? Core.Api.ILinkDefaults.ApiBase;
        var cdnBase = CdnBaseUrl ?? StoredUrl(previous?.CdnBaseUrl);
        var loginClient = ClientFactory.ForLogin(loginBase, cdnBase, psVersion);
        var options = new QrLoginOptions { LocalTokens = SafeRecentTokens(store, loginBase) };
        if (Timeout > TimeSpan.Zero)
        {
            // The user chose how long to wait: codes expire about every minute and are refreshed until then.
            options.Deadline = Timeout;
            options.MaxQrCodes = Math.Max(options.MaxQrCodes, (int)Math.Ceiling(Timeout.TotalMinutes) + 1);
        }
        var observer = new Observer(this, HostInteraction.IsInteractive(this));
        LoginResult? result = null;
        try
        {
            RunAsync(async ct => result = await new QrLoginFlow(loginClient, options).RunAsync(observer, ct).ConfigureAwait(false));
        }
        catch (ClawBotException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, _name));
        }

        if (result!.AlreadyBound)
        {
            if (previous is null)
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.QrLoginFailed, ErrorCategory.ResourceExists, _name,
                    "The service says this WeChat account's bot is already bound to a profile stored on this machine.",
                    $"Connect with that profile instead (Get-ClawBot lists them: {string.Join(", ", store.ListNames())})."));
            }
            WriteHostLine("This bot is already bound; keeping the stored credentials.");
            return Resume(previous!, store);
        }

        var profile = new Profile
        {
            Name = _name,
            BotToken = result.BotToken!,
            BotId = result.BotId!,
            UserId = result.UserId,
            BaseUrl = result.BaseUrl.ToString(),
            CdnBaseUrl = cdnBase?.ToString(),
            BoundAt = DateTimeOffset.UtcNow,
        };
        // The same bot bound again keeps its place in the stream and its contacts (with what a receiver killed since
        // the last save journaled); only another bot starts afresh.
        if (previous is not null && previous.BotId == profile.BotId) lock (previous.SyncRoot) store.ApplyJournal(previous);
        if (previous is not null && profile.ContinueFrom(previous))
            Verbose($"Bound the same bot again: its receive position and {profile.Contacts.Count} contact(s) carry over.");
        WarnAboutOtherBindings(store, profile);
        try
        {
            SaveNewBinding(store, profile);
        }
        catch (ClawBotException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, profile.Name));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.ProfileWriteFailed, ErrorCategory.WriteError, store.Directory,
                $"The bot was bound, but its profile could not be stored: {e.Message}", $"Check the folder's permissions, or set {ProfileStore.HomeVariable} to another folder."));
        }
        WriteHostLine(VisibleText.Line($"Bound {profile.BotId} for {profile.UserId}; stored as profile '{profile.Name}'."));
        return new Session(profile, store, ClientFactory.ForProfile(profile, psVersion));
    }

    private static Uri? StoredUrl(string? text) =>
        !string.IsNullOrEmpty(text) && Uri.TryCreate(ClientFactory.WithSlash(text!), UriKind.Absolute, out var url) ? url : null;

    // A stored file this build cannot read (newer format, damaged beyond use) is only ever replaced with -Force,
    // which the user was told about when it was loaded.
    private void SaveNewBinding(ProfileStore store, Profile profile)
    {
        try
        {
            store.Save(profile);
        }
        catch (ProfileStoreException) when (Force)
        {
            store.Delete(profile.Name);
            store.Save(profile);
        }
    }

    private void WarnAboutOtherBindings(ProfileStore store, Profile bound)
    {
        foreach (var name in store.ListNames().Where(n => !string.Equals(n, bound.Name, StringComparison.OrdinalIgnoreCase)))
        {
            Profile? other;
            try { other = store.TryLoad(name); }
            catch (ProfileStoreException) { continue; }
            if (other is not null && bound.UserId is not null && other.UserId == bound.UserId)
            {
                WriteWarning(VisibleText.Line($"Profile '{name}' is bound to the same WeChat account ({bound.UserId}). The service keeps one binding per account, so that profile will stop working; remove it with Disconnect-ClawBot -Name {name} -Forget."));
            }
        }
    }

    private static System.Collections.Generic.IReadOnlyList<string> SafeRecentTokens(ProfileStore store, Uri loginBase)
    {
        try { return store.RecentTokens(10, loginBase); }
        catch (ProfileStoreException) { return Array.Empty<string>(); }
    }

    /// <summary>
    /// Shows a QR code. In a console: the code drawn as text, the link, and the PNG when asked. Headless (-QrCodePath
    /// given, nobody to see a console): only the PNG, written in place at each refresh, and one line with its path
    /// and link, so a log gets no walls of block characters.
    /// </summary>
    private void ShowQr(QrCodeTicket ticket, int number, int max, bool interactive)
    {
        string? path = null;
        if (QrCodePath is not null)
        {
            path = GetUnresolvedProviderPathFromPSPath(QrCodePath);
            try
            {
                QrRenderer.WritePng(ticket.Content, path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                WriteError(ErrorRecords.Create(ErrorIds.QrCodePathInvalid, ErrorCategory.WriteError, path, $"The QR code could not be saved: {e.Message}"));
                path = null;
            }
        }
        var link = VisibleText.Line(ticket.Content); // the service's text: shown, never acting on the terminal
        if (!interactive)
        {
            WriteHostLine(path is null
                ? $"No QR code file to scan (see the error above); open this link in WeChat to bind the bot{(number > 1 ? $" (code {number} of at most {max})" : "")}: {link}"
                : number == 1
                    ? $"Scan the QR code in {path} with WeChat to bind the bot, or open this link in WeChat: {link}"
                    : $"The QR code expired; {path} now holds a new one (code {number} of at most {max}). Its link: {link}");
            return;
        }
        WriteHostLine(QrRenderer.ToText(ticket.Content, ConsoleStyle.ForQr(this)));
        WriteHostLine($"Scan this QR code with WeChat to bind the bot{(number > 1 ? $" (code {number} of {max})" : "")}.");
        WriteHostLine($"If it will not scan, open this link in WeChat: {link}");
        if (path is not null) WriteHostLine($"The QR code is also saved as {path}.");
    }

    private string? ReadVerifyCode(bool previousWasWrong, bool interactive)
    {
        if (!interactive) return null; // nobody to type it: the login ends with a clear error instead of hanging
        try
        {
            Host.UI.Write(previousWasWrong
                ? "That code was wrong. Type the digits your phone shows: "
                : "Your phone shows a verification code. Type its digits: ");
            var line = Host.UI.ReadLine();
            return string.IsNullOrWhiteSpace(line) ? null : line.Trim();
        }
        catch (Exception e) when (e is PSNotImplementedException or NotImplementedException or NotSupportedException or System.Management.Automation.Host.HostException or PSInvalidOperationException or NullReferenceException)
        {
            return null; // a host that cannot prompt: the login ends with a clear error instead of hanging
        }
    }

    private sealed class Observer : IQrLoginObserver
    {
        private readonly ConnectClawBotCommand _cmdlet;
        private readonly bool _interactive;

        public Observer(ConnectClawBotCommand cmdlet, bool interactive)
        {
            _cmdlet = cmdlet;
            _interactive = interactive;
        }

        public void QrCodeIssued(QrCodeTicket ticket, int number, int maxCodes) =>
            _cmdlet.Post(() => _cmdlet.ShowQr(ticket, number, maxCodes, _interactive));

        public void Scanned() => _cmdlet.Post(() => _cmdlet.WriteHostLine("Scanned. Confirm the login on your phone."));

        public void Expired(int number, int maxCodes)
        {
            // Headless, the refreshed code's own line says it; in a console, a word before the new code.
            if (_interactive) _cmdlet.Post(() => _cmdlet.WriteHostLine(number < maxCodes ? "The QR code expired; here is a new one." : "The QR code expired."));
        }

        public void Redirected(string host) => _cmdlet.Post(() => _cmdlet.Verbose($"The account lives on another host ({host}); following it."));

        public Task<string?> RequestVerifyCodeAsync(bool previousWasWrong, CancellationToken cancellationToken) =>
            _cmdlet.OnPipeline(() => _cmdlet.ReadVerifyCode(previousWasWrong, _interactive));
    }
}
