using System.Threading;
using ClawBot.Core.Diagnostics;

namespace ClawBot.Infrastructure;

/// <summary>
/// The log every session's client is built with. A session outlives the cmdlets that use it, so records go to
/// whichever cmdlet's work is running on this async flow.
/// </summary>
internal sealed class ClientLogRouter : IClientLog
{
    private static readonly AsyncLocal<IClientLog?> CurrentLog = new();

    public static readonly ClientLogRouter Instance = new();

    public static IClientLog? Current
    {
        get => CurrentLog.Value;
        set => CurrentLog.Value = value;
    }

    public void HttpCall(HttpCallRecord call) => Current?.HttpCall(call);

    public void Retry(RetryRecord retry) => Current?.Retry(retry);
}
