using System;
using System.Net.Http;
using ClawBot.Core.Diagnostics;
using ClawBot.Core.Http;

namespace ClawBot.Core.Api;

/// <summary>
/// One client per bound bot (or one without a token for QR login). Every call is async and cancellable; all share one
/// process-wide HttpClient so connections are reused; the token travels only in per-request headers.
/// Failures surface as <see cref="Errors.ClawBotException"/> subtypes, cancellation as <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>The endpoints live in the partial files next to this one, one concern each.</remarks>
public sealed partial class ILinkClient
{
    private readonly ILinkClientOptions _options;
    private readonly HttpExchange _exchange;
    private readonly ApiCaller _api;

    /// <summary>Creates a client.</summary>
    public ILinkClient(ILinkClientOptions options) : this(options, SharedHttp.Client) { }

    /// <summary>For tests that must observe or script the HTTP layer; production always uses the shared client.</summary>
    internal ILinkClient(ILinkClientOptions options, HttpClient http)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _exchange = new HttpExchange(http ?? throw new ArgumentNullException(nameof(http)), new LogSink(options.Log));
        _api = new ApiCaller(_exchange, options);
    }

    /// <summary>The options in force.</summary>
    public ILinkClientOptions Options => _options;

    // Endpoint URLs are built once per base URL (each entry remembers its base: the options may change between
    // calls). UrlJoin's parse and rebuild cost ~2 µs and 1.5 KB per call, a quarter of a send's own work.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Uri Base, Uri Url)> _apiUrls = new(StringComparer.Ordinal);

    private Uri ApiUrl(string endpoint)
    {
        var baseUrl = _options.BaseUrl;
        if (_apiUrls.TryGetValue(endpoint, out var hit) && ReferenceEquals(hit.Base, baseUrl)) return hit.Url;
        var url = UrlJoin.Combine(baseUrl, "ilink/bot/" + endpoint);
        _apiUrls[endpoint] = (baseUrl, url);
        return url;
    }
}
