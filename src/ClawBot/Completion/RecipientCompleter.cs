using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using ClawBot.Infrastructure;

namespace ClawBot.Completion;

/// <summary>Completes -To from the contact book of the session in use: aliases first, then user ids.</summary>
public sealed class RecipientCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var session = fakeBoundParameters["Session"] as Session
            ?? (fakeBoundParameters["Session"] as PSObject)?.BaseObject as Session
            ?? RunspaceSessions.ForCurrentRunspace().Current;
        var profile = session?.Profile ?? StoredDefaultProfile();
        if (profile is null) return Array.Empty<CompletionResult>();

        var prefix = CompletionText.Unquote(wordToComplete);
        var results = new List<CompletionResult>();
        lock (profile.SyncRoot)
        {
            if (session is not null) Recipients.Refresh(session);
            foreach (var contact in profile.Contacts.Values.OrderByDescending(c => c.LastMessageAt))
            {
                var seen = contact.LastMessageAt is { } at ? $"last message {at.ToLocalTime():g}" : "no message yet";
                if (contact.Alias is not null && contact.Alias.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    results.Add(new CompletionResult(CompletionText.Quote(contact.Alias), contact.Alias, CompletionResultType.ParameterValue, $"{contact.UserId}, {seen}"));
                }
                if (contact.UserId.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    results.Add(new CompletionResult(CompletionText.Quote(contact.UserId), contact.UserId, CompletionResultType.ParameterValue, contact.Alias is null ? seen : $"{contact.Alias}, {seen}"));
                }
            }
        }
        return results;
    }

    // Nothing connected: the profile the cmdlets would use by themselves ($ClawBotProfile, $env:CLAWBOT_PROFILE or
    // "default"), read but not connected; completion must never fail at the user.
    private static ClawBot.Core.Storage.Profile? StoredDefaultProfile()
    {
        try
        {
            var name = ClawBotCmdlet.DefaultProfileName(System.Management.Automation.Runspaces.Runspace.DefaultRunspace?.SessionStateProxy
                .PSVariable.GetValue(ClawBotCmdlet.ProfileVariable));
            return ClawBot.Core.Storage.ProfileStore.IsValidName(name) ? new ClawBot.Core.Storage.ProfileStore().TryLoad(name) : null;
        }
        catch (Exception)
        {
            return null;
        }
    }
}
