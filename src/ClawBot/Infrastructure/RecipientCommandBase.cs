using System;
using ClawBot.Core.Messaging;
using System.Management.Automation;
using ClawBot.Completion;

namespace ClawBot.Infrastructure;

/// <summary>
/// What every cmdlet that addresses users shares (Send-ClawMessage, Send-ClawFile, Send-ClawTyping): who (by id,
/// alias, or the bot's owner by default), the context token (given, or from the contact book), and the session.
/// </summary>
public abstract class RecipientCommandBase : ClawBotCmdlet
{
    /// <summary>Recipients: user ids or contact aliases (default: the user who bound the bot).</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("From", "UserId")]
    [ArgumentCompleter(typeof(RecipientCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? To { get; set; }

    /// <summary>The reply anchor; by default the latest one the contact book holds for the recipient.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public ContextToken? ContextToken { get; set; }

    /// <summary>The session to send through (default: the current one).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public Session? Session { get; set; }

    /// <summary>-To, or the user who bound the bot; neither is a terminating error.</summary>
    internal string[] RecipientsOf(Session session)
    {
        if (To is not null) return To;
        if (session.UserId is null)
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, session.Name,
                "No recipient: give -To, since this profile does not record who bound the bot."));
        }
        return new[] { session.UserId! };
    }

    /// <summary>
    /// The user id and context token for a recipient about to receive <paramref name="parts"/> messages. Without a
    /// token, or when the contact book knows the send window is closed, a non-terminating error is written and no
    /// request is spent. A token given with -ContextToken is the script's own: the book cannot judge it. A token that
    /// came with a message from someone else is not used for this recipient.
    /// </summary>
    internal bool TryAddress(Session session, string recipient, int parts, out string userId, out string token)
    {
        token = "";
        if (Recipients.Resolve(session, recipient) is not var (id, contact))
        {
            userId = recipient;
            WriteError(ErrorRecords.Create(ErrorIds.ContactNotFound, ErrorCategory.ObjectNotFound, recipient,
                $"'{recipient}' is neither a contact's user id or alias nor a WeChat user id.",
                "Get-ClawContact lists who the bot can write to; user ids end in @im.wechat."));
            return false;
        }
        userId = id;
        // A piped message's token goes only back to its sender: forwarded to someone else (-To $me), the book's
        // token for that recipient is used instead.
        token = ContextToken is { } given && given.IsFor(id) ? given.Reveal() : "";
        if (token.Length > 0) return true;

        token = contact?.ContextToken ?? "";
        if (token.Length == 0)
        {
            WriteError(ErrorRecords.Create(ErrorIds.NoContextToken, ErrorCategory.ResourceUnavailable, recipient,
                $"No context token is known for '{recipient}': WeChat only lets a bot write to users who have written to it.",
                "Ask the user to send the bot a message, receive it with Receive-ClawMessage, then send again."));
            return false;
        }

        string? closed;
        lock (session.Gate) closed = SendWindow.Of(contact, DateTimeOffset.UtcNow).WhyClosedFor(parts);
        if (closed is null) return true;
        WriteError(ErrorRecords.Create(ErrorIds.SendWindowClosed, ErrorCategory.LimitsExceeded, recipient,
            $"Cannot send to '{recipient}' now: {closed}.",
            "The user must send the bot a message first (that renews the window); then send again."));
        return false;
    }
}
