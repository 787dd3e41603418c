using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ClawBot.Simulator.Http;

/// <summary>
/// Strict mode (SIM-06): checks what PROTOCOL.md §2 says every POST carries and records each violation. Requests are
/// never failed for it, because the real service's tolerance is unknown; tests read the list instead.
/// </summary>
public static class StrictChecker
{
    public static IEnumerable<string> Check(HttpRequest request, string endpoint, JsonObject body, bool expectBaseInfo)
    {
        if (!HttpMethods.IsPost(request.Method)) yield break; // GETs carry only the iLink-App-* pair (official)

        var authType = request.Headers["AuthorizationType"].ToString();
        if (authType.Length == 0) yield return $"{endpoint}: missing AuthorizationType header";
        else if (authType != "ilink_bot_token") yield return $"{endpoint}: AuthorizationType is '{authType}', expected ilink_bot_token";

        var uin = request.Headers["X-WECHAT-UIN"].ToString();
        if (uin.Length == 0) yield return $"{endpoint}: missing X-WECHAT-UIN header";
        else if (!IsValidUin(uin)) yield return $"{endpoint}: X-WECHAT-UIN is not base64 of a decimal uint32";

        if (request.ContentType is not { } ct || !ct.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            yield return $"{endpoint}: Content-Type is not application/json";

        if (request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase))
            yield return $"{endpoint}: chunked request body (send a Content-Length)";

        if (expectBaseInfo && body["base_info"] is not JsonObject)
            yield return $"{endpoint}: missing base_info";
    }

    /// <summary>base64 of the ASCII decimal digits of a uint32 (e.g. MzE0MTU5MjY1Mw== for 3141592653).</summary>
    public static bool IsValidUin(string value)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(value));
            return text.Length > 0 && text.All(char.IsAsciiDigit)
                && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
