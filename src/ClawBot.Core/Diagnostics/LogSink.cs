using System;

namespace ClawBot.Core.Diagnostics;

/// <summary>
/// Forwards to an optional <see cref="IClientLog"/>, swallowing its failures: a broken logger must never turn a
/// successful call into a failed one.
/// </summary>
internal sealed class LogSink
{
    private readonly IClientLog? _log;

    public LogSink(IClientLog? log) => _log = log;

    public void HttpCall(string method, string path, int? status, TimeSpan elapsed, string? failure)
    {
        if (_log is null) return;
        try { _log.HttpCall(new HttpCallRecord(method, path, status, elapsed, failure)); }
        catch (Exception) { /* logging is best effort */ }
    }

    public void Retry(RetryRecord record)
    {
        if (_log is null) return;
        try { _log.Retry(record); }
        catch (Exception) { /* logging is best effort */ }
    }
}
