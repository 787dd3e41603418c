using System;
using System.Linq;
using System.Management.Automation;
using ClawBot.Completion;
using ClawBot.Core.Errors;
using ClawBot.Core.Storage;
using ClawBot.Infrastructure;

namespace ClawBot.Commands;

/// <summary>Lists the stored bot profiles and whether this runspace is connected to them, or (-Current) the current session.</summary>
[Cmdlet(VerbsCommon.Get, "ClawBot", DefaultParameterSetName = ListSet)]
[OutputType(typeof(ProfileInfo), ParameterSetName = new[] { ListSet })]
[OutputType(typeof(Session), ParameterSetName = new[] { CurrentSet })]
public sealed class GetClawBotCommand : ClawBotCmdlet
{
    private const string ListSet = "List";
    private const string CurrentSet = "Current";

    /// <summary>Profile names; wildcards allowed.</summary>
    [Parameter(Position = 0, ParameterSetName = ListSet)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Output the runspace's current session instead.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CurrentSet)]
    public SwitchParameter Current { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var sessions = RunspaceSessions.ForCurrentRunspace();
        if (Current)
        {
            WriteObject(ResolveSession(null));
            return;
        }

        var store = new ProfileStore();
        var names = store.ListNames();
        foreach (var pattern in Name ?? new[] { "*" })
        {
            var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
            var matches = names.Where(n => wildcard.IsMatch(n)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
            {
                WriteError(ErrorRecords.Create(ErrorIds.ProfileNotFound, ErrorCategory.ObjectNotFound, pattern,
                    $"No stored profile is named '{pattern}'.", "Run Connect-ClawBot -Name " + pattern + " to bind one."));
            }
            foreach (var name in matches)
            {
                WriteObject(Describe(store, name, sessions));
            }
        }
    }

    private static ProfileInfo Describe(ProfileStore store, string name, RunspaceSessions sessions)
    {
        var session = sessions.Find(name);
        var isCurrent = session is not null && ReferenceEquals(session, sessions.Current);
        try
        {
            var profile = session?.Profile ?? store.TryLoad(name);
            if (profile is null) return new ProfileInfo(name, null, null, null, null, 0, session, isCurrent, store.PathOf(name), "deleted");
            int contacts;
            lock (session?.Gate ?? profile) contacts = profile.Contacts.Count;
            return new ProfileInfo(name, profile.BotId, profile.UserId, profile.BaseUrl, profile.BoundAt, contacts, session, isCurrent, store.PathOf(name), null);
        }
        catch (ProfileStoreException e)
        {
            return new ProfileInfo(name, null, null, null, null, 0, session, isCurrent, store.PathOf(name), e.Message);
        }
    }
}
