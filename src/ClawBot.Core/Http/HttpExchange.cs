using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Diagnostics;
using ClawBot.Core.Errors;

namespace ClawBot.Core.Http;

/// <summary>A buffered HTTP answer with the few headers the protocol reads.</summary>
internal sealed class RawResponse
{
    public RawResponse(int status, byte[] body, IReadOnlyDictionary<string, string> headers)
    {
        Status = status; Body = body; Headers = headers;
    }

    public int Status { get; }
    public byte[] Body { get; }
    public IReadOnlyDictionary<string, string> Headers { get; }
    public bool IsSuccess => Status >= 200 && Status < 300;

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>
/// One HTTP exchange on the shared client with its own timeout. Tells the caller's cancellation (rethrown as
/// <see cref="OperationCanceledException"/>) apart from the timeout (a <see cref="TransportException"/> whose inner
/// exception is a <see cref="TimeoutException"/>), and reports the exchange to the log by path only.
/// </summary>
internal sealed class HttpExchange
{
    private readonly HttpClient _http;
    private readonly LogSink _log;

    public HttpExchange(HttpClient http, LogSink log)
    {
        _http = http; _log = log;
    }

    public LogSink Log => _log;

    public HttpClient Client => _http;

    /// <summary>True when the exception stands for the client's own timeout.</summary>
    public static bool IsTimeout(TransportException ex) => ex.InnerException is TimeoutException;

    public async Task<RawResponse> SendAsync(string operation, HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutOnly = new CancellationTokenSource();
        if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan) timeoutOnly.CancelAfter(timeout);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutOnly.Token);

        var method = request.Method.Method;
        var path = PathOf(request.RequestUri);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token).ConfigureAwait(false);
            // Once the service has answered, its answer is read to the end whatever the caller's cancellation (the
            // timeout still bounds it): a send it accepted is then known as sent, not lost to a Ctrl-C at that instant.
            var body = response.Content is null ? Array.Empty<byte>() : await ReadBodyAsync(response.Content, timeoutOnly.Token).ConfigureAwait(false);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in response.Headers)
                foreach (var value in header.Value) { headers[header.Key] = value; break; }
            _log.HttpCall(method, path, (int)response.StatusCode, watch.Elapsed, null);
            return new RawResponse((int)response.StatusCode, body, headers);
        }
        catch (Exception ex) when (Translate(ex, operation, method, path, watch, timeout, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// The answer's body in one array of its announced length, read straight from the connection. HttpClient's own
    /// buffering (ResponseContentRead, then ReadAsByteArrayAsync) filled a pooled buffer and copied it out: for a
    /// 52 KB getupdates batch of 100 messages, a second 52 KB copy and ~520 B a message. The client's bound on a
    /// buffered answer still holds.
    /// </summary>
    private async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var limit = Math.Min(_http.MaxResponseContentBufferSize, int.MaxValue);
        var announced = content.Headers.ContentLength;
        if (announced > limit) throw new HttpRequestException($"The answer announces {announced} bytes, over the {limit}-byte bound.");
        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        if (announced is long length)
        {
            var body = new byte[length];
            var read = 0;
            while (read < body.Length)
            {
                var n = await stream.ReadAsync(body, read, body.Length - read, cancellationToken).ConfigureAwait(false);
                if (n == 0) throw new IOException("The connection closed before the announced end of the answer.");
                read += n;
            }
            return body;
        }

        // No length (chunked): grow, within the bound.
        using var copy = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var n = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
            if (n == 0) return copy.ToArray();
            if (copy.Length + n > limit) throw new HttpRequestException($"The answer runs over the {limit}-byte bound.");
            copy.Write(chunk, 0, n);
        }
    }

    /// <summary>
    /// Maps a failure of the exchange to what callers see, logging it once. Returns null for exceptions that are not
    /// the exchange's to translate (they propagate unchanged).
    /// </summary>
    public Exception? Translate(Exception ex, string operation, string method, string path, Stopwatch watch, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            _log.HttpCall(method, path, null, watch.Elapsed, "cancelled");
            return new OperationCanceledException("The operation was cancelled.", ex, cancellationToken);
        }
        if (ex is OperationCanceledException)
        {
            var reason = $"no answer within {timeout.TotalSeconds:0.###} s";
            _log.HttpCall(method, path, null, watch.Elapsed, "timeout");
            return new TransportException(operation, null, reason, new TimeoutException(reason));
        }
        if (ex is HttpRequestException or IOException or SocketException)
        {
            var reason = Describe(ex);
            _log.HttpCall(method, path, null, watch.Elapsed, reason);
            return new TransportException(operation, null, reason, ex);
        }
        return null;
    }

    /// <summary>The request path without query or host: all a log record may show.</summary>
    public static string PathOf(Uri? uri) => uri is null ? "" : uri.AbsolutePath;

    // A short, secret-free description of a network failure (exception messages may name URLs, so none is used).
    private static string Describe(Exception ex)
    {
        for (var e = ex; e != null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.ConnectionReset => "connection reset",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                    SocketError.TimedOut => "connect timed out",
                    _ => "network error (" + socket.SocketErrorCode + ")",
                };
            }
        }
        for (var e = ex; e != null; e = e.InnerException)
            if (e is IOException) return "connection closed";
        return "network error";
    }
}
