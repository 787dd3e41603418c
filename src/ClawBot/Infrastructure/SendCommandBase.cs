using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Errors;
using ClawBot.Core.Messaging;

namespace ClawBot.Infrastructure;

/// <summary>
/// What the two cmdlets that send messages share: -PassThru receipts, "typing…" while they send, and accounting for
/// every send: what went out counts against the user's allowance (also when it failed or was stopped part-way), a
/// refusal by the service closes the window in the contact book, and Ctrl-C says exactly what reached the user.
/// </summary>
public abstract class SendCommandBase : RecipientCommandBase
{
    /// <summary>Output a receipt per message sent.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Show "typing…" to the recipient while the send (or upload) runs.</summary>
    [Parameter]
    public SwitchParameter ShowTyping { get; set; }

    private readonly HashSet<Session> _used = new();

    /// <summary>
    /// Runs one send to one user and accounts for it. Returns the result, or null when it failed (reported as a
    /// non-terminating error naming <paramref name="target"/>). <paramref name="partNames"/> name the messages the
    /// send consists of, in order, for the notice after Ctrl-C.
    /// </summary>
    internal SendResult? Deliver(Session session, string userId, string token, object target, IReadOnlyList<string> partNames,
        Func<CancellationToken, Task<SendResult>> send)
    {
        SendResult? result = null;
        try
        {
            RunAsync(async ct => result = await Sending(session, userId, token, send, ct).ConfigureAwait(false));
        }
        catch (PartialSendException e) when (e.Cancelled)
        {
            // Ctrl-C: what went out (and what may have) still counts against the allowance; the stop is no error, but
            // the user must learn what reached the recipient. The streams refuse writes once stopping: the host shows it.
            RecordSent(session, userId, SendAccounting.Counted(e));
            TellAfterStop(StoppedNotice(userId, partNames, e));
            throw new PipelineStoppedException();
        }
        catch (PartialSendException e)
        {
            RecordSent(session, userId, e.PartsSent);
            if (SendAccounting.IsWindowRefusal(e)) ContactBookUpdates.RecordRefused(session, userId);
            Report(e, target);
            return null;
        }
        catch (ClawBotException e)
        {
            if (SendAccounting.IsWindowRefusal(e)) ContactBookUpdates.RecordRefused(session, userId);
            Report(e, target);
            return null;
        }
        catch (ArgumentException e)
        {
            // What the core refuses before sending (text it cannot carry as it is): nothing went out.
            Report(e, target);
            return null;
        }
        RecordSent(session, userId, result!.ClientIds.Count);
        WarnIfNearlySpent(session, userId);
        return result;
    }

    private readonly HashSet<string> _cautioned = new(StringComparer.Ordinal);

    // Once per command and user: an alert script that runs every night reaches the wall after ten alerts unless
    // someone tells it before.
    private void WarnIfNearlySpent(Session session, string userId)
    {
        string? why;
        lock (session.Gate)
        {
            session.Profile.Contacts.TryGetValue(userId, out var contact);
            why = SendWindow.Of(contact, DateTimeOffset.UtcNow).NearlySpent(DateTimeOffset.UtcNow);
        }
        if (why is null || !_cautioned.Add(session.Name + "\n" + userId)) return;
        WriteWarning($"The send window to {VisibleText.Line(userId)} is nearly spent: {why} until they write to the bot again. Any message from them renews it (about 10 sends, for about 24 h).");
    }

    private string StoppedNotice(string userId, IReadOnlyList<string> partNames, PartialSendException e)
    {
        string Names(int from, int count) => count == 1 ? partNames[from] : $"{partNames[from]} to {partNames[from + count - 1]}";
        var sent = e.PartsSent == 0 ? "nothing reached " + userId : $"{Names(0, e.PartsSent)} reached {userId}";
        var rest = partNames.Count - e.PartsSent;
        var inFlight = e.NextMayHaveArrived && rest > 0 ? $"; {partNames[e.PartsSent]} was on its way and may have arrived" : "";
        var notSent = rest - (e.NextMayHaveArrived ? 1 : 0);
        var never = notSent > 0 ? $"; {Names(partNames.Count - notSent, notSent)} {(notSent == 1 ? "was" : "were")} not sent" : "";
        return VisibleText.Line($"{MyInvocation.MyCommand.Name} was stopped: {sent}{inFlight}{never}.");
    }

    private void TellAfterStop(string text)
    {
        try { Host?.UI?.WriteWarningLine(text); }
        catch (Exception e) when (e is NotImplementedException or PSNotImplementedException or System.Management.Automation.Host.HostException) { }
    }

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
