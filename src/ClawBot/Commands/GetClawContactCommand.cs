using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ClawBot.Completion;
using ClawBot.Infrastructure;

namespace ClawBot.Commands;

/// <summary>
/// Lists a profile's contact book: every user who wrote to the bot, their alias, when they last wrote, and whether
/// (and how much) the bot may still write to them.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ClawContact")]
[OutputType(typeof(Contact))]
public sealed class GetClawContactCommand : ClawBotCmdlet
{
    /// <summary>User ids or aliases to list; wildcards allowed (default: all).</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("UserId", "Alias", "From")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(RecipientCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Only contacts the bot can write to now.</summary>
    [Parameter]
    public SwitchParameter CanSend { get; set; }

    /// <summary>The session whose contact book to read (default: the current one).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public Session? Session { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession(Session);
        var now = DateTimeOffset.UtcNow;
        List<Contact> contacts;
        lock (session.Gate)
        {
            Recipients.Refresh(session); // what other windows and processes received or sent meanwhile
            contacts = session.Profile.Contacts.Values
                .OrderByDescending(c => c.LastMessageAt)
                .Select(c => new Contact(c, session, now))
                .ToList();
        }

        foreach (var pattern in Name ?? new[] { "*" })
        {
            var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
            var matches = contacts.Where(c => wildcard.IsMatch(c.UserId) || (c.Alias is not null && wildcard.IsMatch(c.Alias))).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
            {
                WriteError(ErrorRecords.Create(ErrorIds.ContactNotFound, ErrorCategory.ObjectNotFound, pattern,
                    $"No contact '{pattern}' in the contact book of '{session.Name}'.",
                    "Contacts are added when a user writes to the bot (Receive-ClawMessage)."));
            }
            foreach (var contact in matches.Where(c => !CanSend || c.CanSend))
            {
                WriteObject(contact);
            }
        }
    }
}
