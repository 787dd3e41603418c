using System;

namespace ClawBot.Core.Diagnostics;

/// <summary>
/// The seam through which the core reports what it does on the wire. Implementations must not assume the calling
/// thread: calls arrive from whatever thread the HTTP stack completes on. Nothing passed here ever holds a secret
/// (token, Authorization header, context token, AES key, CDN parameter or a URL carrying one).
/// </summary>
public interface IClientLog
{
    /// <summary>One completed (or failed) HTTP exchange.</summary>
    void HttpCall(HttpCallRecord call);

    /// <summary>A decision to retry (or to give up retrying) an operation.</summary>
    void Retry(RetryRecord retry);
}

/// <summary>One HTTP exchange, redacted: the path never carries its query string.</summary>
public sealed class HttpCallRecord
{
    /// <summary>Creates a record.</summary>
    public HttpCallRecord(string method, string path, int? statusCode, TimeSpan elapsed, string? failure)
    {
        Method = method; Path = path; StatusCode = statusCode; Elapsed = elapsed; Failure = failure;
    }

    /// <summary>GET or POST.</summary>
    public string Method { get; }
    /// <summary>The request path without query, e.g. <c>/ilink/bot/getupdates</c> or <c>/c2c/upload</c>.</summary>
    public string Path { get; }
    /// <summary>The HTTP status, or null when no response arrived.</summary>
    public int? StatusCode { get; }
    /// <summary>Time from sending the request to reading the whole response.</summary>
    public TimeSpan Elapsed { get; }
    /// <summary>A short, secret-free reason when the exchange failed (e.g. "timeout", "connection reset").</summary>
    public string? Failure { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Method} {Path} {(StatusCode?.ToString() ?? Failure ?? "no response")} {Elapsed.TotalMilliseconds:0} ms";
}

/// <summary>A retry decision.</summary>
public sealed class RetryRecord
{
    /// <summary>Creates a record.</summary>
    public RetryRecord(string operation, int attempt, int maxAttempts, TimeSpan delay, string reason, bool givingUp)
    {
        Operation = operation; Attempt = attempt; MaxAttempts = maxAttempts; Delay = delay; Reason = reason; GivingUp = givingUp;
    }

    /// <summary>The endpoint or step, e.g. <c>sendmessage</c>, <c>cdn-upload</c>.</summary>
    public string Operation { get; }
    /// <summary>The attempt that just failed (1-based).</summary>
    public int Attempt { get; }
    /// <summary>The most attempts the policy allows (0 = unbounded, e.g. the receive loop).</summary>
    public int MaxAttempts { get; }
    /// <summary>How long the core waits before the next attempt.</summary>
    public TimeSpan Delay { get; }
    /// <summary>Why it failed, secret-free.</summary>
    public string Reason { get; }
    /// <summary>True when no further attempt will be made.</summary>
    public bool GivingUp { get; }

    /// <inheritdoc />
    public override string ToString() => GivingUp
        ? $"{Operation}: attempt {Attempt} failed ({Reason}); giving up"
        : $"{Operation}: attempt {Attempt} failed ({Reason}); retrying in {Delay.TotalMilliseconds:0} ms";
}
