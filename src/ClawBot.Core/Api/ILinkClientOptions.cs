using System;
using ClawBot.Core.Diagnostics;

namespace ClawBot.Core.Api;

/// <summary>Where and as whom an <see cref="ILinkClient"/> talks.</summary>
public sealed class ILinkClientOptions
{
    /// <summary>The API base (after login: the <c>baseurl</c> the service confirmed). A path prefix is kept.</summary>
    public Uri BaseUrl { get; set; } = ILinkDefaults.ApiBase;

    /// <summary>The host for QR login calls. The official client always uses the production base; tests point it at the simulator.</summary>
    public Uri? QrBaseUrl { get; set; }

    /// <summary>The CDN base used when the service gives no full URL.</summary>
    public Uri CdnBaseUrl { get; set; } = ILinkDefaults.CdnBase;

    /// <summary>The bot token; null before login. Sent only in the per-request Authorization header.</summary>
    public string? BotToken { get; set; }

    /// <summary>Optional <c>SKRouteTag</c> header.</summary>
    public string? RouteTag { get; set; }

    /// <summary>
    /// <c>base_info.bot_agent</c>: space-separated <c>Name/Version</c> tokens, each optionally followed by
    /// <c>(comment)</c>; invalid tokens are dropped as the protocol prescribes. Defaults to <c>ClawBot/&lt;version&gt;</c>.
    /// </summary>
    public string BotAgent { get; set; } = DefaultBotAgent;

    // A bare "ClawBot" has no version and would be dropped by the grammar (leaving "OpenClaw").
    private static readonly string DefaultBotAgent =
        "ClawBot/" + (typeof(ILinkClientOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <summary>Where HTTP calls and retry decisions are reported.</summary>
    public IClientLog? Log { get; set; }

    /// <summary>Retry policy for calls that are safe to repeat.</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>How the receive loop (<see cref="Monitor.Inbox"/>) backs off after failed polls.</summary>
    public Monitor.InboxOptions ReceiveBackoff { get; set; } = new();

    /// <summary>The most Unicode scalar values in one text message.</summary>
    public int ChunkSize { get; set; } = 1000;

    /// <summary>The pause between the chunks of a long text.</summary>
    public TimeSpan ChunkGap { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Timeout for sendmessage and getuploadurl.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// When a send is cancelled while a message is on its way, how long its answer is still awaited, so the caller
    /// learns whether it arrived instead of guessing. No further part starts after the cancellation.
    /// </summary>
    public TimeSpan StopGrace { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Timeout for a long-poll when the server gave no hint (the hint plus <see cref="LongPollMargin"/> otherwise).</summary>
    public TimeSpan LongPollTimeout { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>Added to the server's hold hint so the client never races the server's empty answer.</summary>
    public TimeSpan LongPollMargin { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Timeout for getconfig, sendtyping and notifystart/stop.</summary>
    public TimeSpan ShortTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout for one CDN upload or download attempt.</summary>
    public TimeSpan CdnTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest file, in plaintext bytes, that may be sent.</summary>
    public long MaxFileBytes { get; set; } = ILinkDefaults.MaxFileBytes;
}
