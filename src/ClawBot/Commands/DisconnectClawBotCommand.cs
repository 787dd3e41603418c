using System;
using System.Management.Automation;
using System.Threading;
using ClawBot.Completion;
using ClawBot.Core.Errors;
using ClawBot.Core.Storage;
using ClawBot.Infrastructure;

namespace ClawBot.Commands;

/// <summary>
/// Ends this runspace's use of a bot (the current one, a named one, or a piped session). With -Forget it also
/// deletes the stored profile, so the next Connect-ClawBot binds by QR code again.
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "ClawBot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SessionSet)]
[OutputType(typeof(void))]
public sealed class DisconnectClawBotCommand : ClawBotCmdlet
{
    private const string SessionSet = "Session";
    private const string NameSet = "Name";

    /// <summary>The session to end (default: the current one).</summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = SessionSet)]
    public Session? Session { get; set; }

    /// <summary>The profile to end (and, with -Forget, to delete) whether or not it is connected.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Also delete the stored profile (token, cursor, contact book).</summary>
    [Parameter]
    public SwitchParameter Forget { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var sessions = RunspaceSessions.ForCurrentRunspace();
        Session? session;
        string name;
        if (ParameterSetName == NameSet)
        {
            name = Name;
            session = sessions.Find(Name);
        }
        else
        {
            session = ResolveSession(Session);
            name = session.Name;
        }

        // -WhatIf ends nothing: the service is told the bot went offline only when the disconnect really happens.
        if (session is not null && ShouldProcess(name, "Disconnect the ClawBot session (the service is told the bot went offline)"))
        {
            NotifyStop(session);
            sessions.Remove(session);
            Verbose($"Disconnected from '{name}'.");
        }

        if (Forget)
        {
            var store = session?.Store ?? new ProfileStore();
            if (!ProfileStore.IsValidName(name) || !System.IO.File.Exists(store.PathOf(name)))
            {
                WriteError(ErrorRecords.Create(ErrorIds.ProfileNotFound, ErrorCategory.ObjectNotFound, name, $"No stored profile is named '{name}'."));
                return;
            }
            if (ShouldProcess(store.PathOf(name), "Delete the stored ClawBot profile (token, cursor and contact book)"))
            {
                store.Delete(name);
            }
        }
        else if (session is null)
        {
            WriteError(ErrorRecords.Create(ErrorIds.NotConnected, ErrorCategory.ObjectNotFound, name, $"This session is not connected to '{name}'."));
        }
    }

    private void NotifyStop(Session session)
    {
        try
        {
            RunAsync(ct => session.Client.NotifyStopAsync(ct));
        }
        catch (ClawBotException e)
        {
            // Telling the service we went offline is a courtesy; failing it must not keep the session alive.
            Verbose($"notifystop failed: {e.Message}");
        }
    }
}
