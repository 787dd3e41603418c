using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClawBot.Simulator.Wire;
using Microsoft.AspNetCore.Http;

namespace ClawBot.Simulator.Http;

/// <summary>
/// Strict mode's checks of the request envelope (SIM-06): what PROTOCOL.md §2 says every call carries. Whether the
/// real service refuses a call without them is unknown (§14.12), so only strict mode does; the pipeline answers the
/// first violation with ret -2 and lists all of them in the stats.
/// </summary>
/// <remarks>
/// "Wrong" is what no conforming client sends. A missing iLink-App-* pair is not wrong: the seed never sends it and
/// was measured to work (§2.1). A pair that is half there, names another app, carries no 0x00MMNNPP version, or
/// disagrees with base_info.channel_version is.
/// </remarks>
public static partial class StrictChecker
{
    public const string AppId = "iLink-App-Id";
    public const string AppClientVersion = "iLink-App-ClientVersion";
    private const int MaxBotAgentBytes = 256;

    public static IEnumerable<string> Check(HttpRequest request, string endpoint, JsonObject body, bool expectBaseInfo)
    {
        var isPost = HttpMethods.IsPost(request.Method);
        var violations = new List<string>();
        void Add(string v) => violations.Add($"{endpoint}: {v}");

        var clientVersion = CheckAppPair(request, Add);

        var authType = request.Headers["AuthorizationType"].ToString();
        var uin = request.Headers["X-WECHAT-UIN"].ToString();
        if (isPost)
        {
            if (authType.Length == 0) Add("missing AuthorizationType header");
            if (uin.Length == 0) Add("missing X-WECHAT-UIN header");
            if (request.ContentType is not { } ct || !ct.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                Add("Content-Type is not application/json");
        }
        else if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            Add("a GET with a body");
        }
        // The seed sends these two on GETs too; present, they must be right whatever the method.
        if (authType.Length > 0 && authType != "ilink_bot_token") Add($"AuthorizationType is '{Printable(authType)}', expected ilink_bot_token");
        if (uin.Length > 0 && !IsValidUin(uin)) Add("X-WECHAT-UIN is not base64 of a decimal uint32");

        if (request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase))
            Add("chunked request body (send a Content-Length)");

        // The QR calls need no credentials (§3.1, §3.2): a client that sends its bot token there hands it to the login host.
        if (endpoint is "get_bot_qrcode" or "get_qrcode_status" && request.Headers.Authorization.Count > 0)
            Add("an Authorization header on a QR login call");

        if (expectBaseInfo) CheckBaseInfo(body["base_info"], clientVersion, Add);
        return violations;
    }

    /// <summary>The pair of §2.1: both or neither; App-Id "bot"; ClientVersion a decimal 0x00MMNNPP. Returns the version.</summary>
    private static uint? CheckAppPair(HttpRequest request, Action<string> add)
    {
        var hasId = request.Headers.ContainsKey(AppId);
        var hasVersion = request.Headers.ContainsKey(AppClientVersion);
        if (hasId != hasVersion)
        {
            add($"{(hasId ? AppId : AppClientVersion)} without {(hasId ? AppClientVersion : AppId)} (they go together)");
            return null;
        }
        if (!hasId) return null;
        var id = request.Headers[AppId].ToString();
        if (id != "bot") add($"{AppId} is '{Printable(id)}', expected bot");
        var text = request.Headers[AppClientVersion].ToString();
        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version > 0xFF_FFFF)
        {
            add($"{AppClientVersion} is not a decimal major<<16|minor<<8|patch");
            return null;
        }
        return version;
    }

    private static void CheckBaseInfo(JsonNode? node, uint? clientVersion, Action<string> add)
    {
        if (node is not JsonObject baseInfo)
        {
            add("missing base_info");
            return;
        }
        var channel = baseInfo["channel_version"];
        if (channel is null || JsonIn.Str(channel) is not { Length: > 0 } version || channel.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            add("base_info.channel_version is missing or not a string");
        }
        else if (VersionPattern().Match(version) is not { Success: true } m)
        {
            add($"base_info.channel_version '{Printable(version)}' is not a version (major.minor.patch)");
        }
        else if (clientVersion is { } header)
        {
            var packed = (Byte(m.Groups[1].Value) << 16) | (Byte(m.Groups[2].Value) << 8) | Byte(m.Groups[3].Value);
            if (packed != header) add($"base_info.channel_version {version} disagrees with {AppClientVersion} {header}");
        }

        if (baseInfo["bot_agent"] is { } agentNode)
        {
            if (agentNode.GetValueKind() != System.Text.Json.JsonValueKind.String) add("base_info.bot_agent is not a string");
            else
            {
                var agent = agentNode.GetValue<string>();
                if (Encoding.UTF8.GetByteCount(agent) > MaxBotAgentBytes) add($"base_info.bot_agent is longer than {MaxBotAgentBytes} bytes");
                else if (agent.Any(c => c is < ' ' or > '~')) add("base_info.bot_agent holds characters outside printable ASCII");
            }
        }
    }

    private static uint Byte(string digits) => uint.Parse(digits, CultureInfo.InvariantCulture) & 0xFF;

    [GeneratedRegex(@"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:[-+][0-9A-Za-z.+-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

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

    /// <summary>A header value fit to quote in an errmsg: short, printable ASCII.</summary>
    private static string Printable(string value)
    {
        var s = new string(value.Take(40).Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
        return value.Length > 40 ? s + "…" : s;
    }
}
