using System;
using System.Linq;
using System.Management.Automation;
using ClawBot.Completion;
using ClawBot.Core.Storage;
using ClawBot.Infrastructure;

namespace ClawBot.Commands;

/// <summary>
/// Gives a contact a friendly alias (or removes it), so scripts can write <c>Send-ClawMessage -To ops-phone</c>.
/// </summary>
[Cmdlet(VerbsCommon.Set, "ClawContact", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(Contact))]
public sealed class SetClawContactCommand : ClawBotCmdlet
{
    /// <summary>The contact: a user id or its current alias.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("From")]
    [ArgumentCompleter(typeof(RecipientCompleter))]
    [ValidateNotNullOrEmpty]
    public string UserId { get; set; } = "";

    /// <summary>The new alias; empty or $null removes it.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [AllowEmptyString]
    [AllowNull]
    public string? Alias { get; set; }

    /// <summary>The session whose contact book to change (default: the current one).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public Session? Session { get; set; }

    /// <summary>Output the contact.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession(Session);
        var alias = string.IsNullOrWhiteSpace(Alias) ? null : Alias!.Trim();
        if (alias is not null && (alias.Contains("@") || alias.Length > 64 || alias.Any(char.IsControl)))
        {
            WriteError(ErrorRecords.Create(ErrorIds.InvalidAlias, ErrorCategory.InvalidArgument, alias,
                $"'{alias}' cannot be an alias: use up to 64 characters and no '@', so it is never mistaken for a user id."));
            return;
        }

        // Only a user who wrote to the bot is in the contact book: an alias for anyone else would name nobody the bot
        // can reach, and a typo would quietly create a contact.
        if (Recipients.Resolve(session, UserId) is not (var userId, { } _))
        {
            WriteError(ErrorRecords.Create(ErrorIds.ContactNotFound, ErrorCategory.ObjectNotFound, UserId,
                $"'{UserId}' is not in the contact book of '{session.Name}'.",
                "Contacts are added when a user writes to the bot (Receive-ClawMessage); Get-ClawContact lists them."));
            return;
        }
        lock (session.Gate)
        {
            var taken = alias is null ? null : session.Profile.Contacts.Values
                .FirstOrDefault(c => c.UserId != userId && string.Equals(c.Alias, alias, StringComparison.OrdinalIgnoreCase));
            if (taken is not null)
            {
                WriteError(ErrorRecords.Create(ErrorIds.AliasInUse, ErrorCategory.ResourceExists, alias,
                    $"The alias '{alias}' already names {taken.UserId}.", $"Remove it first: Set-ClawContact '{taken.UserId}' -Alias ''"));
                return;
            }
        }
        if (!ShouldProcess(userId, alias is null ? "Remove the contact's alias" : $"Set the contact's alias to '{alias}'")) return;

        try
        {
            lock (session.Gate)
            {
                var record = ContactBook.GetOrAdd(session.Profile, userId);
                record.Alias = alias;
                record.AliasChangedAt = DateTimeOffset.UtcNow;
                session.Store.Save(session.Profile);
            }
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            WriteError(ErrorRecords.Create(ErrorIds.ProfileWriteFailed, ErrorCategory.WriteError, session.ProfilePath,
                $"The alias was set for this session but could not be stored: {e.Message}"));
            return;
        }
        catch (ClawBot.Core.Errors.ClawBotException e)
        {
            // The stored profile changed under this session (bound again, removed) or cannot be read.
            WriteError(ErrorRecords.From(e, session.Name));
            return;
        }
        if (PassThru)
        {
            ContactRecord saved;
            lock (session.Gate) saved = session.Profile.Contacts[userId];
            WriteObject(new Contact(saved, session, DateTimeOffset.UtcNow));
        }
    }
}
