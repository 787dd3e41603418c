using System;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Api;
using ClawBot.Core.Diagnostics;
using ClawBot.Core.Errors;

namespace ClawBot.Core.Http;

/// <summary>Runs an operation under <see cref="RetryOptions"/>, reporting every decision to the log.</summary>
internal static class RetryRunner
{
    public static async Task<T> RunAsync<T>(
        string operation,
        RetryOptions options,
        LogSink log,
        Func<Task<T>> attempt,
        Func<ClawBotException, bool> retryable,
        CancellationToken cancellationToken)
    {
        var max = Math.Max(1, options.MaxAttempts);
        for (var n = 1; ; n++)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (ClawBotException ex) when (retryable(ex))
            {
                if (n >= max)
                {
                    log.Retry(new RetryRecord(operation, n, max, TimeSpan.Zero, ReasonOf(ex), givingUp: true));
                    throw;
                }
                var delay = Backoff.Delay(options, n);
                log.Retry(new RetryRecord(operation, n, max, delay, ReasonOf(ex), givingUp: false));
                if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>A secret-free reason for the log (exception messages here never carry secrets either).</summary>
    public static string ReasonOf(ClawBotException ex) => ex switch
    {
        TransportException t => t.Reason,
        CdnException c => c.Reason,
        MalformedResponseException => "malformed answer",
        ApiErrorException a => "code " + a.Code,
        _ => ex.GetType().Name,
    };

    /// <summary>Transport failures and 5xx; never 4xx, never a business error.</summary>
    public static bool IsTransient(ClawBotException ex, bool retryTimeouts) =>
        ex is TransportException t
        && (t.StatusCode is null || t.StatusCode >= 500)
        && (retryTimeouts || !HttpExchange.IsTimeout(t));
}
