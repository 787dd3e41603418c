using System.Collections.Concurrent;
using ClawBot.Core.Diagnostics;

namespace ClawBot.Core.Tests.Support;

/// <summary>Keeps every log record so tests can check what was reported and that nothing secret was.</summary>
internal sealed class RecordingLog : IClientLog
{
    public ConcurrentQueue<HttpCallRecord> Calls { get; } = new();
    public ConcurrentQueue<RetryRecord> Retries { get; } = new();

    public void HttpCall(HttpCallRecord call) => Calls.Enqueue(call);
    public void Retry(RetryRecord retry) => Retries.Enqueue(retry);

    /// <summary>Every field of every record, as one text to search for secrets.</summary>
    public string AllText()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var c in Calls) sb.Append(c.Method).Append(' ').Append(c.Path).Append(' ').Append(c.StatusCode).Append(' ').Append(c.Failure).Append(' ').AppendLine(c.ToString());
        foreach (var r in Retries) sb.Append(r.Operation).Append(' ').Append(r.Reason).Append(' ').AppendLine(r.ToString());
        return sb.ToString();
    }
}
