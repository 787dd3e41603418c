using System;
using System.Management.Automation;
using ClawBot.Completion;

namespace ClawBot.Infrastructure;

/// <summary>
/// What Send-ClawMessage and Send-ClawFile share: who to send to (by id, alias, or the bot's owner by default), the
/// context token (given, or from the contact book), the session, and -PassThru.
/// </summary>
public abstract class SendCommandBase : ClawBotCmdlet
{
    /// <summary>Recipients: user ids or contact aliases (default: the user who bound the bot).</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("From")]
    [ArgumentCompleter(typeof(RecipientCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? To { get; set; }

    /// <summary>The reply anchor; by default the latest one the contact book holds for the recipient.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public ContextToken? ContextToken { get; set; }

    /// <summary>The session to send through (default: the current one).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public Session? Session { get; set; }

    /// <summary>Output a receipt per message sent.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

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

    /// <summary>The user id and context token for a recipient, or a non-terminating NoContextToken error and false.</summary>
    internal bool TryAddress(Session session, string recipient, out string userId, out string token)
    {
        var (id, contact) = Recipients.Resolve(session, recipient);
        userId = id;
        token = ContextToken?.Reveal() ?? contact?.ContextToken ?? "";
        if (token.Length > 0) return true;

        WriteError(ErrorRecords.Create(ErrorIds.NoContextToken, ErrorCategory.ResourceUnavailable, recipient,
            $"No context token is known for '{recipient}': WeChat only lets a bot write to users who have written to it.",
            "Ask the user to send the bot a message, receive it with Receive-ClawMessage, then send again."));
        return false;
    }
}
