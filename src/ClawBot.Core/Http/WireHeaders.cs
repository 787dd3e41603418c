using System;
using System.Globalization;
using System.Net.Http;
using System.Text;
using ClawBot.Core.Api;

namespace ClawBot.Core.Http;

/// <summary>The headers PROTOCOL.md §2.1 prescribes for API calls (never for CDN calls).</summary>
internal static class WireHeaders
{
    public const string AuthorizationType = "AuthorizationType";
    public const string AuthorizationTypeValue = "ilink_bot_token";
    public const string Uin = "X-WECHAT-UIN";
    public const string AppId = "iLink-App-Id";
    public const string AppIdValue = "bot";
    public const string AppClientVersion = "iLink-App-ClientVersion";
    public const string RouteTag = "SKRouteTag";

    /// <summary>Headers of a POST: the app pair, auth type, a fresh anti-replay UIN, and the token only when one is held.</summary>
    public static void ApplyPost(HttpRequestMessage request, string? botToken, string? routeTag)
    {
        ApplyCommon(request, routeTag);
        request.Headers.TryAddWithoutValidation(AuthorizationType, AuthorizationTypeValue);
        if (!string.IsNullOrWhiteSpace(botToken))
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + botToken!.Trim());
        request.Headers.TryAddWithoutValidation(Uin, NewUin());
    }

    /// <summary>Headers of the QR status GET: only the app pair (and the route tag).</summary>
    public static void ApplyGet(HttpRequestMessage request, string? routeTag) => ApplyCommon(request, routeTag);

    /// <summary>A new random uint32, as ASCII decimal, base64-encoded: a fresh value per request.</summary>
    public static string NewUin()
    {
        var bytes = SecureRandom.NextBytes4();
        var value = BitConverter.ToUInt32(bytes, 0);
        return Convert.ToBase64String(Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture)));
    }

    private static void ApplyCommon(HttpRequestMessage request, string? routeTag)
    {
        request.Headers.TryAddWithoutValidation(AppId, AppIdValue);
        request.Headers.TryAddWithoutValidation(AppClientVersion, ILinkDefaults.AppClientVersion.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrWhiteSpace(routeTag)) request.Headers.TryAddWithoutValidation(RouteTag, routeTag!.Trim());
    }
}
