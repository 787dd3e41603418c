using System.Management.Automation;
using ClawBot.Core.Errors;
using ClawBot.Infrastructure;

namespace ClawBot.Commands;

/// <summary>
/// Shows "typing…" in a user's chat with the bot (or, with -Stop, takes it away). WeChat drops the indicator by itself
/// after a few seconds; -ShowTyping on the send cmdlets keeps it alive for the length of a send.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "ClawTyping", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class SendClawTypingCommand : RecipientCommandBase
{
    /// <summary>Cancel the indicator instead of showing it.</summary>
    [Parameter]
    public SwitchParameter Stop { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession(Session);
        foreach (var recipient in RecipientsOf(session))
        {
            // Typing sends no message, so it spends none of the allowance: only a live token is needed.
            if (!TryAddress(session, recipient, 0, out var userId, out var token)) continue;
            if (!ShouldProcess(userId, Stop ? "Cancel the typing indicator" : "Show the typing indicator")) continue;

            var shown = false;
            try
            {
                RunAsync(async ct => shown = await session.Typing.SetAsync(userId, token, !Stop, ct).ConfigureAwait(false));
            }
            catch (ClawBotException e)
            {
                Report(e, recipient);
                continue;
            }
            if (!shown)
            {
                WriteError(ErrorRecords.Create(ErrorIds.TypingUnavailable, ErrorCategory.ResourceUnavailable, recipient,
                    $"The service gave no typing ticket for '{recipient}', so no typing indicator can be shown."));
            }
        }
    }
}
