using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ClawBot.Simulator.Tests.Support;

/// <summary>
/// A raw protocol client written from PROTOCOL.md alone (not ClawBot.Core): headers of §2.1, base_info of §2.2.
/// Tests use it to see exactly what travels on the wire.
/// </summary>
public sealed class WireClient : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public WireClient(Uri baseUrl, string? token = null)
    {
        BaseUrl = baseUrl.ToString().EndsWith('/') ? baseUrl : new Uri(baseUrl + "/");
        Token = token;
    }

    public Uri BaseUrl { get; set; }
    public string? Token { get; set; }
    /// <summary>Send the official header set (true) or nothing but Content-Type (false), for strict-mode tests.</summary>
    public bool SendHeaders { get; set; } = true;

    public static string Uin() =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(((uint)RandomNumberGenerator.GetInt32(int.MaxValue)).ToString()));

    /// <summary>POST ilink/bot/{path} with base_info added; returns status and parsed body (null if not JSON).</summary>
    public async Task<(int Status, JsonObject? Json, string Text)> PostAsync(string path, JsonObject? body = null, bool baseInfo = true, CancellationToken ct = default)
    {
        body ??= new JsonObject();
        if (baseInfo && body["base_info"] == null) body["base_info"] = new JsonObject { ["channel_version"] = "2.4.9", ["bot_agent"] = "SimTests/1.0" };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl, "ilink/bot/" + path));
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (SendHeaders)
        {
            request.Headers.Add("AuthorizationType", "ilink_bot_token");
            request.Headers.Add("X-WECHAT-UIN", Uin());
            request.Headers.Add("iLink-App-Id", "bot");
            request.Headers.Add("iLink-App-ClientVersion", "132105");
        }
        if (Token != null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Token);
        return await SendAsync(request, ct);
    }

    public async Task<(int Status, JsonObject? Json, string Text)> GetAsync(string pathAndQuery, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUrl, "ilink/bot/" + pathAndQuery));
        request.Headers.Add("iLink-App-Id", "bot");
        request.Headers.Add("iLink-App-ClientVersion", "132105");
        return await SendAsync(request, ct);
    }

    private async Task<(int, JsonObject?, string)> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonObject? json = null;
        try { json = JsonNode.Parse(text) as JsonObject; } catch (System.Text.Json.JsonException) { }
        return ((int)response.StatusCode, json, text);
    }

    /// <summary>getupdates with a cursor; returns messages and the new cursor.</summary>
    public async Task<(JsonArray Msgs, string Cursor, JsonObject Json)> PollAsync(string cursor, CancellationToken ct = default)
    {
        var (status, json, text) = await PostAsync("getupdates", new JsonObject { ["get_updates_buf"] = cursor }, ct: ct);
        Assert.Equal(200, status);
        Assert.NotNull(json);
        return (json!["msgs"] as JsonArray ?? new JsonArray(), json["get_updates_buf"]?.GetValue<string>() ?? "", json);
    }

    /// <summary>A text sendmessage the official way (§6).</summary>
    public Task<(int Status, JsonObject? Json, string Text)> SendTextAsync(string to, string text, string? contextToken, string? clientId = null, int state = 2)
    {
        var msg = new JsonObject
        {
            ["from_user_id"] = "",
            ["to_user_id"] = to,
            ["client_id"] = clientId ?? "openclaw-weixin:" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant(),
            ["message_type"] = 2,
            ["message_state"] = state,
            ["item_list"] = new JsonArray(new JsonObject { ["type"] = 1, ["text_item"] = new JsonObject { ["text"] = text } }),
        };
        if (contextToken != null) msg["context_token"] = contextToken;
        return PostAsync("sendmessage", new JsonObject { ["msg"] = msg });
    }

    public void Dispose() => _http.Dispose();
}
