using System;
using System.Management.Automation;
using ClawBot.Core.Messaging;
using ClawBot.Infrastructure;

namespace ClawBot.Commands;

/// <summary>
/// Sends text to WeChat users. Long text is split into several messages. With no -To, it goes to the user who bound
/// the bot. Piped messages bind -To, -ContextToken and -Session by property name, so a pipeline replies to senders.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "ClawMessage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(SendReceipt))]
public sealed class SendClawMessageCommand : SendCommandBase
{
    /// <summary>The text to send.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string Text { get; set; } = "";

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

        foreach (var recipient in RecipientsOf(session))
        {
            SendTo(session, recipient);
        }
    }

    private void SendTo(Session session, string recipient)
    {
        var parts = TextChunker.Split(Text, session.Client.Options.ChunkSize).Count;
        if (!TryAddress(session, recipient, parts, out var userId, out var token)) return;

        var what = $"Send text ({Text.Length} characters{(parts > 1 ? $", {parts} messages" : "")})";
        if (!ShouldProcess(userId, what)) return;

        var names = new string[parts];
        for (var i = 0; i < parts; i++) names[i] = parts == 1 ? "the message" : $"part {i + 1} of {parts}";
        var result = Deliver(session, userId, token, recipient, names, c => session.Client.SendTextAsync(userId, token, Text, c));
        if (result is null) return;
        if (PassThru)
        {
            WriteObject(new SendReceipt(userId, "Text", null, result.ClientIds, result.MessageIds, result.CompletedAt, session));
        }
    }
}
