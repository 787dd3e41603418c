using System;
using System.Threading;
using System.Threading.Tasks;
using System.Management.Automation;

namespace ClawBot.Infrastructure;

/// <summary>What the two cmdlets that send messages add: -PassThru receipts and "typing…" while they send.</summary>
public abstract class SendCommandBase : RecipientCommandBase
{
    /// <summary>Output a receipt per message sent.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Show "typing…" to the recipient while the send (or upload) runs.</summary>
    [Parameter]
    public SwitchParameter ShowTyping { get; set; }

    /// <summary>Runs a send, with "typing…" around it when -ShowTyping is given.</summary>
    internal Task<T> Sending<T>(Session session, string userId, string token, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken) =>
        ShowTyping ? session.Typing.WhileAsync(userId, token, send, cancellationToken) : send(cancellationToken);
}
