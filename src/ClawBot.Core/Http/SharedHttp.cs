using System;
using System.Net.Http;
using System.Threading;

namespace ClawBot.Core.Http;

/// <summary>
/// The one HttpClient of the process. Sharing it reuses connections across every ILinkClient and runspace; it holds
/// no default headers (auth travels per request) and no timeout of its own (each call sets one, so a long-poll and a
/// 15 s send can share it).
/// </summary>
internal static class SharedHttp
{
    /// <summary>
    /// The most a buffered answer may hold. API answers are JSON of a few KiB (a full getupdates batch rarely passes
    /// 1 MiB); without a bound, a broken or hostile server could make the client buffer up to 2 GiB. CDN downloads
    /// are streamed (ResponseHeadersRead), which this bound does not touch; they have their own limit.
    /// </summary>
    public const int MaxAnswerBytes = 32 * 1024 * 1024;

    private static readonly Lazy<HttpClient> Instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The process-wide client, created on first use.</summary>
    public static HttpClient Client => Instance.Value;

    /// <summary>A client with the shared client's settings over <paramref name="handler"/> (tests pass a scripted one).</summary>
    public static HttpClient Create(HttpMessageHandler handler) => new(handler, disposeHandler: true)
    {
        Timeout = Timeout.InfiniteTimeSpan,
        MaxResponseContentBufferSize = MaxAnswerBytes,
    };

    private static HttpClient Create() => Create(new HttpClientHandler
    {
        // The service sets no cookies we need, and a shared cookie jar would leak state between bots.
        UseCookies = false,
        AllowAutoRedirect = false,
    });
}
