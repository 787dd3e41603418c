using System.Text;
using System.Text.Json.Nodes;

namespace ClawBot.Simulator.Tests.Support;

/// <summary>A request with exactly the headers a test names (no defaults), for the envelope rules of strict mode.</summary>
public static class RawRequest
{
    /// <summary>The headers the official client sends on a POST (§2.1), minus the token.</summary>
    public static Dictionary<string, string> OfficialPostHeaders() => new()
    {
        ["AuthorizationType"] = "ilink_bot_token",
        ["X-WECHAT-UIN"] = WireClient.Uin(),
        ["iLink-App-Id"] = "bot",
        ["iLink-App-ClientVersion"] = "132105",
    };

    public static async Task<(int Status, JsonObject? Json)> SendAsync(HttpMethod method, Uri url, IDictionary<string, string> headers, string? jsonBody = null, string contentType = "application/json")
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, url);
        foreach (var (k, v) in headers) request.Headers.TryAddWithoutValidation(k, v);
        if (jsonBody != null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(jsonBody));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonObject? json = null;
        try { json = JsonNode.Parse(text) as JsonObject; } catch (System.Text.Json.JsonException) { }
        return ((int)response.StatusCode, json);
    }

    /// <summary>ret of the answer, 0 when absent.</summary>
    public static int Ret(JsonObject? json) => json?["ret"]?.GetValue<int>() ?? 0;
}
