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
    private static readonly Lazy<HttpClient> Instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The process-wide client, created on first use.</summary>
    public static HttpClient Client => Instance.Value;

    private static HttpClient Create()
    {
        var handler = new HttpClientHandler
        {
            // The service sets no cookies we need, and a shared cookie jar would leak state between bots.
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
