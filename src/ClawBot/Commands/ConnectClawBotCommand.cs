using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
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
/// Connects this runspace to a WeChat bot: reuses a stored profile, or binds a new one by QR code (drawn in the
/// terminal, optionally saved as PNG) and stores it.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "ClawBot")]
[OutputType(typeof(Session))]
public sealed class ConnectClawBotCommand : ClawBotCmdlet
{
    /// <summary>The profile to use or create.</summary>
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "default";

    /// <summary>The iLink API base for the QR login (default: Tencent's). Point it at the simulator to try things out.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? BaseUrl { get; set; }

    /// <summary>The CDN base for media (default: Tencent's).</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? CdnBaseUrl { get; set; }

    /// <summary>Bind again by QR code even when the profile is stored.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Also write each QR code as a PNG to this path, for hosts without a terminal.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? QrCodePath { get; set; }

    /// <summary>Allow a base URL that is plain http and not loopback.</summary>
    [Parameter]
    public SwitchParameter AllowInsecure { get; set; }

    /// <summary>Output the session.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!ProfileStore.IsValidName(Name))
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidProfileName, ErrorCategory.InvalidArgument, Name,
                $"'{Name}' is not a valid profile name: use 1 to 64 letters, digits, '-', '_' or '.', not starting with '.'."));
        }
        foreach (var url in new[] { BaseUrl, CdnBaseUrl })
        {
            if (url is not null) RefuseInsecure(url, $"'{Shown(url)}' is neither https nor a loopback address; the bot token would cross the network in clear.");
        }

        var store = new ProfileStore();
        Profile? stored = null;
        try
        {
            stored = store.TryLoad(Name);
        }
        catch (ProfileStoreException e) when (!Force)
        {
            ThrowTerminatingError(ErrorRecords.From(e, Name));
        }
        catch (ProfileStoreException)
        {
            WriteWarning($"The stored profile '{Name}' cannot be read; -Force binds again and replaces it.");
        }

        if (stored is not null && !Force)
        {
            // A hand-edited profile must not send the token in clear either.
            foreach (var text in new[] { stored.BaseUrl, stored.CdnBaseUrl })
            {
                if (!string.IsNullOrEmpty(text) && Uri.TryCreate(text, UriKind.Absolute, out var url))
                {
                    RefuseInsecure(url, $"The stored profile '{Name}' points at '{Shown(url)}', which is neither https nor loopback; the bot token would cross the network in clear.");
                }
            }
        }

        var session = stored is not null && !Force ? Resume(stored, store) : Bind(store, stored);
        RunspaceSessions.ForCurrentRunspace().Add(session);
        if (PassThru) WriteObject(session);
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

    private Session Bind(ProfileStore store, Profile? previous)
    {
        var psVersion = PowerShellVersion();
        var loginBase = BaseUrl ?? Core.Api.ILinkDefaults.ApiBase;
        var loginClient = ClientFactory.ForLogin(loginBase, CdnBaseUrl, psVersion);
        var options = new QrLoginOptions { LocalTokens = SafeRecentTokens(store, loginBase) };
        var observer = new Observer(this);
        LoginResult? result = null;
        try
        {
            RunAsync(async ct => result = await new QrLoginFlow(loginClient, options).RunAsync(observer, ct).ConfigureAwait(false));
        }
        catch (ClawBotException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, Name));
        }

        if (result!.AlreadyBound)
        {
            if (previous is null)
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.QrLoginFailed, ErrorCategory.ResourceExists, Name,
                    "The service says this WeChat account's bot is already bound to a profile stored on this machine.",
                    $"Connect with that profile instead (Get-ClawBot lists them: {string.Join(", ", store.ListNames())})."));
            }
            WriteHostLine("This bot is already bound; keeping the stored credentials.");
            return Resume(previous!, store);
        }

        var profile = new Profile
        {
            Name = Name,
            BotToken = result.BotToken!,
            BotId = result.BotId!,
            UserId = result.UserId,
            BaseUrl = result.BaseUrl.ToString(),
            CdnBaseUrl = CdnBaseUrl?.ToString(),
            BoundAt = DateTimeOffset.UtcNow,
        };
        // The same bot bound again keeps its place in the stream and its contacts; only another bot starts afresh.
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
        WriteHostLine($"Bound {profile.BotId} for {profile.UserId}; stored as profile '{profile.Name}'.");
        return new Session(profile, store, ClientFactory.ForProfile(profile, psVersion));
    }

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
                WriteWarning($"Profile '{name}' is bound to the same WeChat account ({bound.UserId}). The service keeps one binding per account, so that profile will stop working; remove it with Disconnect-ClawBot -Name {name} -Forget.");
            }
        }
    }

    private static System.Collections.Generic.IReadOnlyList<string> SafeRecentTokens(ProfileStore store, Uri loginBase)
    {
        try { return store.RecentTokens(10, loginBase); }
        catch (ProfileStoreException) { return Array.Empty<string>(); }
    }

    internal string? PowerShellVersion() =>
        (SessionState.PSVariable.GetValue("PSVersionTable") as Hashtable)?["PSVersion"]?.ToString();

    private void ShowQr(QrCodeTicket ticket, int number, int max)
    {
        WriteHostLine(QrRenderer.ToText(ticket.Content, ConsoleStyle.ForQr(this)));
        WriteHostLine($"Scan this QR code with WeChat to bind the bot{(number > 1 ? $" (code {number} of {max})" : "")}.");
        WriteHostLine($"If it will not scan, open this link in WeChat: {ticket.Content}");
        if (QrCodePath is not null)
        {
            var path = GetUnresolvedProviderPathFromPSPath(QrCodePath);
            try
            {
                QrRenderer.WritePng(ticket.Content, path);
                WriteHostLine($"The QR code is also saved as {path}.");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                WriteError(ErrorRecords.Create(ErrorIds.QrCodePathInvalid, ErrorCategory.WriteError, path, $"The QR code could not be saved to '{path}': {e.Message}"));
            }
        }
    }

    private string? ReadVerifyCode(bool previousWasWrong)
    {
        try
        {
            Host.UI.Write(previousWasWrong
                ? "That code was wrong. Type the digits your phone shows: "
                : "Your phone shows a verification code. Type its digits: ");
            var line = Host.UI.ReadLine();
            return string.IsNullOrWhiteSpace(line) ? null : line.Trim();
        }
        catch (Exception e) when (e is PSNotImplementedException or NotImplementedException or HostException or PSInvalidOperationException or NullReferenceException)
        {
            return null; // a host that cannot prompt: the login ends with a clear error instead of hanging
        }
    }

    private sealed class Observer : IQrLoginObserver
    {
        private readonly ConnectClawBotCommand _cmdlet;

        public Observer(ConnectClawBotCommand cmdlet) => _cmdlet = cmdlet;

        public void QrCodeIssued(QrCodeTicket ticket, int number, int maxCodes) =>
            _cmdlet.Post(() => _cmdlet.ShowQr(ticket, number, maxCodes));

        public void Scanned() => _cmdlet.Post(() => _cmdlet.WriteHostLine("Scanned. Confirm the login on your phone."));

        public void Expired(int number, int maxCodes) => _cmdlet.Post(() => _cmdlet.WriteHostLine(
            number < maxCodes ? "The QR code expired; here is a new one." : "The QR code expired."));

        public void Redirected(string host) => _cmdlet.Post(() => _cmdlet.Verbose($"The account lives on another host ({host}); following it."));

        public Task<string?> RequestVerifyCodeAsync(bool previousWasWrong, CancellationToken cancellationToken) =>
            _cmdlet.OnPipeline(() => _cmdlet.ReadVerifyCode(previousWasWrong));
    }
}
