using System;
using ClawBot.Core.Api;
using ClawBot.Core.Storage;

namespace ClawBot.Infrastructure;

/// <summary>Builds core clients the same way for every cmdlet: identity, log routing, URLs.</summary>
internal static class ClientFactory
{
    private static readonly string Version = typeof(ClientFactory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static string BotAgent(string? psVersion) =>
        psVersion is null ? $"ClawBot/{Version}" : $"ClawBot/{Version} (PowerShell {psVersion})";

    public static ILinkClient ForLogin(Uri apiBase, Uri? cdnBase, string? psVersion) => new(new ILinkClientOptions
    {
        BaseUrl = apiBase,
        QrBaseUrl = apiBase,
        CdnBaseUrl = cdnBase ?? ILinkDefaults.CdnBase,
        Log = ClientLogRouter.Instance,
        BotAgent = BotAgent(psVersion),
    });

    public static ILinkClient ForProfile(Profile profile, string? psVersion) => new(new ILinkClientOptions
    {
        BaseUrl = string.IsNullOrEmpty(profile.BaseUrl) ? ILinkDefaults.ApiBase : new Uri(WithSlash(profile.BaseUrl)),
        CdnBaseUrl = string.IsNullOrEmpty(profile.CdnBaseUrl) ? ILinkDefaults.CdnBase : new Uri(WithSlash(profile.CdnBaseUrl!)),
        BotToken = profile.BotToken,
        Log = ClientLogRouter.Instance,
        BotAgent = BotAgent(psVersion),
    });

    /// <summary>The stored base URL (API or CDN) that is not acceptable, shown without path or query; null when both are.</summary>
    public static string? InsecureUrlIn(Profile profile, bool allowInsecure)
    {
        foreach (var text in new[] { profile.BaseUrl, profile.CdnBaseUrl })
        {
            if (!string.IsNullOrEmpty(text) && Uri.TryCreate(text, UriKind.Absolute, out var url) && !IsAcceptable(url, allowInsecure))
                return url.GetLeftPart(UriPartial.Authority);
        }
        return null;
    }

    /// <summary>https anywhere; plain http only on loopback (the simulator) or when the user insists.</summary>
    public static bool IsAcceptable(Uri url, bool allowInsecure) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && (url.IsLoopback || allowInsecure)));

    // Relative endpoint paths resolve against the base; without a trailing slash its last segment would be lost.
    public static string WithSlash(string url) => url.EndsWith("/", StringComparison.Ordinal) ? url : url + "/";
}
