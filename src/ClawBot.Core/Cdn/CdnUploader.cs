using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Diagnostics;
using ClawBot.Core.Errors;
using ClawBot.Core.Http;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Cdn;

/// <summary>
/// POSTs ciphertext to the CDN (PROTOCOL.md §7.3 step 2). Success is HTTP 200 with <c>x-encrypted-param</c>, the
/// download parameter. A 4xx fails at once; any other failure, or a 200 without the header, is tried again, three
/// attempts in all with no pause (the official client's policy). No API headers are sent to the CDN.
/// </summary>
internal sealed class CdnUploader
{
    public const string Operation = "cdn-upload";
    public const int MaxAttempts = 3;
    private readonly HttpExchange _exchange;

    public CdnUploader(HttpExchange exchange) => _exchange = exchange;

    public async Task<string> UploadAsync(Uri url, byte[] cipher, TimeSpan timeout, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var reason = "";
        int? lastStatus = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ProgressContent(cipher, progress) };
                var raw = await _exchange.SendAsync(Operation, request, timeout, cancellationToken).ConfigureAwait(false);
                lastStatus = raw.Status;
                var error = raw.Header("x-error-message");
                if (raw.Status >= 400 && raw.Status < 500)
                    throw new CdnException(Operation, raw.Status, Describe(raw.Status, error));
                if (raw.Status == 200)
                {
                    var param = raw.Header("x-encrypted-param");
                    if (!string.IsNullOrEmpty(param)) return param!;
                    reason = "the CDN answered without x-encrypted-param";
                }
                else
                {
                    reason = Describe(raw.Status, error);
                }
            }
            catch (TransportException ex)
            {
                lastStatus = ex.StatusCode;
                reason = ex.Reason;
            }

            _exchange.Log.Retry(new RetryRecord(Operation, attempt, MaxAttempts, TimeSpan.Zero, reason, givingUp: attempt == MaxAttempts));
        }
        throw new CdnException(Operation, lastStatus, $"{reason} ({MaxAttempts} attempts)");
    }

    internal static string Describe(int status, string? errorMessage)
    {
        // The CDN's message goes into an exception text: short and free of control characters.
        var printable = ServerText.Printable(errorMessage);
        return printable.Length == 0 ? "HTTP " + status : $"HTTP {status}: {printable}";
    }
}
