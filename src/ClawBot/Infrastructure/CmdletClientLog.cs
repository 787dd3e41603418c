using ClawBot.Core.Diagnostics;

namespace ClawBot.Infrastructure;

/// <summary>Verbose: one line per HTTP call. Debug: retry decisions. The core's records are secret-free by contract.</summary>
internal sealed class CmdletClientLog : IClientLog
{
    private readonly AsyncCmdlet _cmdlet;

    public CmdletClientLog(AsyncCmdlet cmdlet) => _cmdlet = cmdlet;

    public void HttpCall(HttpCallRecord call) => _cmdlet.PostVerbose(call.ToString());

    public void Retry(RetryRecord retry) => _cmdlet.PostDebug(retry.ToString());
}
