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
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan) timeoutSource.CancelAfter(timeout);

        var method = request.Method.Method;
        var path = PathOf(request.RequestUri);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeoutSource.Token).ConfigureAwait(false);
            var body = response.Content is null ? Array.Empty<byte>() : await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
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
