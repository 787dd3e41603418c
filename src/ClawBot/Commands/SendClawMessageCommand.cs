using System;
using System.Linq;
using System.Management.Automation;
using ClawBot.Completion;
using ClawBot.Core.Errors;
using ClawBot.Core.Messaging;
using ClawBot.Infrastructure;

namespace ClawBot.Commands;

/// <summary>
/// Sends text to WeChat users. Long text is split into several messages. With no -To, it goes to the user who bound
/// the bot. Piped messages bind -To, -ContextToken and -Session by property name, so a pipeline replies to senders.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "ClawMessage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(SendReceipt))]
public sealed class SendClawMessageCommand : ClawBotCmdlet
{
    /// <summary>The text to send.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string Text { get; set; } = "";

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

    /// <summary>Output a receipt per recipient.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession(Session);
        if (string.IsNullOrWhiteSpace(Text))
        {
            WriteError(ErrorRecords.Create(ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, Text,
                "The text is empty; WeChat does not deliver empty messages."));
            return;
        }

        foreach (var recipient in To ?? DefaultRecipient(session))
        {
            SendTo(session, recipient);
        }
    }

    private string[] DefaultRecipient(Session session)
    {
        if (session.UserId is null)
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, session.Name,
                "No recipient: give -To, since this profile does not record who bound the bot."));
        }
        return new[] { session.UserId! };
    }

    private void SendTo(Session session, string recipient)
    {
        var (userId, contact) = Recipients.Resolve(session, recipient);
        var token = ContextToken?.Reveal() ?? contact?.ContextToken;
        if (token is null)
        {
            WriteError(ErrorRecords.Create(ErrorIds.NoContextToken, ErrorCategory.ResourceUnavailable, recipient,
                $"No context token is known for '{recipient}': WeChat only lets a bot write to users who have written to it.",
                "Ask the user to send the bot a message, receive it with Receive-ClawMessage, then send again."));
            return;
        }

        var parts = TextChunker.Split(Text, session.Client.Options.ChunkSize).Count;
        var what = $"Send text ({Text.Length} characters{(parts > 1 ? $", {parts} messages" : "")})";
        if (!ShouldProcess(userId, what)) return;

        SendResult? result = null;
        try
        {
            RunAsync(async ct => result = await session.Client.SendTextAsync(userId, token, Text, ct).ConfigureAwait(false));
        }
        catch (PartialSendException e)
        {
            ContactBookUpdates.RecordSent(session, userId, e.PartsSent);
            Report(e, recipient);
            return;
        }
        catch (ClawBotException e)
        {
            Report(e, recipient);
            return;
        }

        ContactBookUpdates.RecordSent(session, userId, result!.ClientIds.Count);
        if (PassThru)
        {
            WriteObject(new SendReceipt(userId, "Text", null, result.ClientIds, result.MessageIds, result.CompletedAt, session));
        }
    }
}
