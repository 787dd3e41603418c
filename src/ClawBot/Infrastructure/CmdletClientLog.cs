using ClawBot.Core.Diagnostics;

namespace ClawBot.Infrastructure;

/// <summary>Verbose: one line per HTTP call. Debug: retry decisions. The core's records are secret-free by contract.</summary>
internal sealed class CmdletClientLog : IClientLog
{
    private readonly AsyncCmdlet _cmdlet;

    public CmdletClientLog(AsyncCmdlet cmdlet) => _cmdlet = cmdlet;

    // Formatted only when someone would see it.
    public void HttpCall(HttpCallRecord call)
    {
        if (_cmdlet.WantsVerbose) _cmdlet.PostVerbose(call.ToString());
    }

    public void Retry(RetryRecord retry)
    {
        if (_cmdlet.WantsDebug) _cmdlet.PostDebug(retry.ToString());
    }
}
