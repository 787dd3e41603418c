using System;
using System.Collections;
using System.Management.Automation;
using ClawBot.Core.Errors;
using ClawBot.Core.Storage;

namespace ClawBot.Infrastructure;

/// <summary>Base of the module's cmdlets: session resolution and error reporting shared by all of them.</summary>
public abstract class ClawBotCmdlet : AsyncCmdlet
{
    /// <summary>The preference variable naming the profile cmdlets use when nothing is connected.</summary>
    public const string ProfileVariable = "ClawBotProfile";

    /// <summary>The environment variable naming that profile when the preference variable is not set.</summary>
    public const string ProfileEnvironmentVariable = "CLAWBOT_PROFILE";

    /// <summary>
    /// The given session, else the runspace's current one, else (nothing connected in this runspace) the stored
    /// profile named by <c>$ClawBotProfile</c>, <c>$env:CLAWBOT_PROFILE</c> or "default", as Connect-ClawBot would
    /// reuse it, without a call to the service. None of these is a terminating NotConnected error.
    /// </summary>
    internal Session ResolveSession(Session? given)
    {
        if (given is not null)
        {
            if (given.Disconnected) ThrowTerminatingError(ErrorRecords.NotConnected(null));
            return given;
        }
        var sessions = RunspaceSessions.ForCurrentRunspace();
        if (sessions.Current is { } current) return current;
        var name = DefaultProfileName();
        if (sessions.ImplicitUseEnded)
        {
            ThrowTerminatingError(ErrorRecords.NotConnected(null, "Disconnect-ClawBot ended this session's use of the stored profile."));
        }

        if (!ProfileStore.IsValidName(name))
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidProfileName, ErrorCategory.InvalidArgument, name,
                $"'{name}' (from ${ProfileVariable} or $env:{ProfileEnvironmentVariable}) is not a valid profile name: use 1 to 64 letters, digits, '-', '_' or '.', not starting with '.'."));
        }
        Profile? profile = null;
        var store = new ProfileStore();
        try
        {
            profile = store.TryLoad(name);
        }
        catch (ProfileStoreException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, name));
        }
        if (profile is null) ThrowTerminatingError(ErrorRecords.NotConnected(name));
        if (string.IsNullOrEmpty(profile!.BotToken))
        {
            ThrowTerminatingError(ErrorRecords.NotConnected(name,
                $"The stored profile '{name}' keeps no bot token (it was connected with a token from a secret)."));
        }
        var problem = ClientFactory.InsecureUrlIn(profile, allowInsecure: false);
        if (problem is not null)
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InsecureBaseUrl, ErrorCategory.SecurityError, name,
                $"The stored profile '{name}' points at '{problem}', which is neither https nor loopback; the bot token would cross the network in clear.",
                $"Run Connect-ClawBot -Name {name} -AllowInsecure if you really mean it, or bind again with -Force."));
        }

        if (store.AccessProblem() is { } open) WriteWarning(open);
        var session = new Session(profile, store, ClientFactory.ForProfile(profile, PowerShellVersion()));
        sessions.Add(session);
        Verbose($"No Connect-ClawBot in this session: using the stored profile '{name}' ({profile.BotId}).");
        return session;
    }

    /// <summary>The profile used when none is named: $ClawBotProfile, else $env:CLAWBOT_PROFILE, else "default".</summary>
    internal string DefaultProfileName() => DefaultProfileName(SessionState.PSVariable.GetValue(ProfileVariable));

    /// <summary>The preference variable's value when set, else the environment variable's, else "default".</summary>
    internal static string DefaultProfileName(object? variableValue)
    {
        var fromVariable = variableValue?.ToString();
        if (!string.IsNullOrWhiteSpace(fromVariable)) return fromVariable!.Trim();
        var fromEnvironment = Environment.GetEnvironmentVariable(ProfileEnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? "default" : fromEnvironment!.Trim();
    }

    /// <summary>$PSVersionTable.PSVersion, for the bot_agent the service sees.</summary>
    internal string? PowerShellVersion() =>
        (SessionState.PSVariable.GetValue("PSVersionTable") as Hashtable)?["PSVersion"]?.ToString();

    /// <summary>
    /// Reports a failure: preconditions (an expired session) end the command, anything else is a non-terminating
    /// error so the rest of the pipeline goes on.
    /// </summary>
    internal void Report(Exception exception, object? target)
    {
        var record = ErrorRecords.From(exception, target);
        if (exception is SessionExpiredException)
        {
            ThrowTerminatingError(record);
        }
        WriteError(record);
    }

    /// <summary>Writes to the information stream tagged PSHOST, which the console shows as Write-Host does.</summary>
    internal void WriteHostLine(string text)
    {
        WriteInformation(new HostInformationMessage { Message = text, NoNewLine = false }, new[] { "PSHOST" });
    }
}
