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

    private readonly System.Collections.Generic.HashSet<Session> _used = new();

    /// <summary>Records a delivered send in the contact book (saved at most once a second, and when the command ends).</summary>
    internal void RecordSent(Session session, string userId, int parts)
    {
        _used.Add(session);
        ContactBookUpdates.RecordSent(session, userId, parts);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        FlushContactBooks();
        base.EndProcessing();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // Also after Ctrl-C or a terminating error, when EndProcessing never runs.
        if (disposing) FlushContactBooks();
        base.Dispose(disposing);
    }

    private void FlushContactBooks()
    {
        foreach (var session in _used) ContactBookUpdates.Flush(session);
        _used.Clear();
    }

    /// <summary>Runs a send, with "typing…" around it when -ShowTyping is given.</summary>
    internal Task<T> Sending<T>(Session session, string userId, string token, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken) =>
        ShowTyping ? session.Typing.WhileAsync(userId, token, send, cancellationToken) : send(cancellationToken);
}
