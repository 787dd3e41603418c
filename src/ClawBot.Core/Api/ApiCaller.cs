using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Api.Wire;
using ClawBot.Core.Errors;
using ClawBot.Core.Http;

namespace ClawBot.Core.Api;

/// <summary>
/// JSON POSTs to <c>ilink/bot/*</c>: serialise (source-generated), send with the protocol headers, retry where safe,
/// parse tolerantly, and turn <c>ret</c>/<c>errcode</c> into typed failures.
/// </summary>
internal sealed class ApiCaller
{
    private readonly HttpExchange _exchange;
    private readonly ILinkClientOptions _options;

    public ApiCaller(HttpExchange exchange, ILinkClientOptions options)
    {
        _exchange = exchange; _options = options;
    }

    public BaseInfo NewBaseInfo() => new()
    {
        ChannelVersion = ILinkDefaults.ChannelVersion,
        BotAgent = SanitizedAgent(),
    };

    // The options' agent, sanitised once per value rather than per request (swapped whole: calls run on any thread).
    private SanitizedBotAgent? _agent;

    private string SanitizedAgent()
    {
        var raw = _options.BotAgent;
        var cached = Volatile.Read(ref _agent);
        if (cached is not null && ReferenceEquals(cached.Raw, raw)) return cached.Clean;
        cached = new SanitizedBotAgent(raw, BotAgent.Sanitize(raw));
        Volatile.Write(ref _agent, cached);
        return cached.Clean;
    }

    private sealed class SanitizedBotAgent
    {
        public SanitizedBotAgent(string? raw, string clean)
        {
            Raw = raw; Clean = clean;
        }

        public string? Raw { get; }
        public string Clean { get; }
    }

    /// <summary>POSTs and returns the parsed answer (status fields not yet checked).</summary>
    public Task<TResponse> PostAsync<TRequest, TResponse>(
        string operation,
        Uri url,
        TRequest body,
        JsonTypeInfo<TRequest> requestInfo,
        JsonTypeInfo<TResponse> responseInfo,
        TimeSpan timeout,
        bool withToken,
        bool retry,
        bool retryTimeouts,
        CancellationToken cancellationToken)
        where TResponse : class, new()
    {
        // Serialised once: a retry sends the very same bytes (for sendmessage, the same client_id).
        var payload = JsonSerializer.SerializeToUtf8Bytes(body, requestInfo);
        var retryOptions = retry ? _options.Retry : new RetryOptions { MaxAttempts = 1 };
        return RetryRunner.RunAsync(
            operation,
            retryOptions,
            _exchange.Log,
            async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url);
                // ByteArrayContent knows its length, so the body goes with Content-Length, never chunked.
                request.Content = new ByteArrayContent(payload);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                WireHeaders.ApplyPost(request, withToken ? _options.BotToken : null, _options.RouteTag);
                var raw = await _exchange.SendAsync(operation, request, timeout, cancellationToken).ConfigureAwait(false);
                if (!raw.IsSuccess) throw new TransportException(operation, raw.Status, "HTTP " + raw.Status);
                return Parse(operation, raw.Body, responseInfo);
            },
            ex => RetryRunner.IsTransient(ex, retryTimeouts),
            cancellationToken);
    }

    /// <summary>Parses an answer; an empty body is an empty object (a bare 200 is success for sendmessage).</summary>
    public static T Parse<T>(string operation, byte[] body, JsonTypeInfo<T> info) where T : class, new()
    {
        if (IsBlank(body)) return new T();
        try
        {
            return JsonSerializer.Deserialize(body, info) ?? new T();
        }
        catch (JsonException ex)
        {
            // The JsonException message may quote the payload; only its position is kept.
            throw new MalformedResponseException(operation, $"invalid JSON (line {ex.LineNumber}, byte {ex.BytePositionInLine})");
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or ArgumentException)
        {
            throw new MalformedResponseException(operation, "unexpected JSON shape");
        }
    }

    /// <summary>
    /// Throws for a business error: -14 in <c>ret</c> or <c>errcode</c> is <see cref="SessionExpiredException"/>; any
    /// other non-zero code is <see cref="ApiErrorException"/>. An absent <c>ret</c> counts as 0.
    /// </summary>
    public static void EnsureOk(string operation, ApiResult result)
    {
        if (result.Ret == SessionExpiredCode || result.Errcode == SessionExpiredCode)
            throw new SessionExpiredException(operation, result.Errmsg);
        if (result.Ret is int ret && ret != 0) throw new ApiErrorException(operation, ret, result.Errmsg);
        if (result.Errcode is int code && code != 0) throw new ApiErrorException(operation, code, result.Errmsg);
    }

    /// <summary>The service's code for a stale token or expired session.</summary>
    public const int SessionExpiredCode = -14;

    private static bool IsBlank(byte[] body)
    {
        foreach (var b in body)
            if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r' && b != (byte)'\n') return false;
        return true;
    }
}
