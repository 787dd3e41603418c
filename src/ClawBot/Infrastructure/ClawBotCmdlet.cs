using System;
using System.Management.Automation;
using ClawBot.Core.Errors;

namespace ClawBot.Infrastructure;

/// <summary>Base of the module's cmdlets: session resolution and error reporting shared by all of them.</summary>
public abstract class ClawBotCmdlet : AsyncCmdlet
{
    /// <summary>The given session, else the runspace's current one; not connected is a terminating error.</summary>
    internal Session ResolveSession(Session? given)
    {
        var session = given ?? RunspaceSessions.ForCurrentRunspace().Current;
        if (session is null || session.Disconnected)
        {
            ThrowTerminatingError(ErrorRecords.NotConnected());
        }
        return session!;
    }

    /// <summary>
    /// Reports a failure: preconditions (an expired session) end the command, anything else is a non-terminating
    /// error so the rest of the pipeline goes on.
    /// </summary>
    internal void Report(Exception exception, object? target)
    {
        var record = ErrorRecords.From(exception, target);
        if (exception is SessionExpiredException)
        {
            ThrowTerminatingError(record);
        }
        WriteError(record);
    }

    /// <summary>Writes to the information stream tagged PSHOST, which the console shows as Write-Host does.</summary>
    internal void WriteHostLine(string text)
    {
        WriteInformation(new HostInformationMessage { Message = text, NoNewLine = false }, new[] { "PSHOST" });
    }
}
