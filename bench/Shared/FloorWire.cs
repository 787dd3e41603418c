using System.Buffers;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ClawBot.Bench;

/// <summary>
/// What every floor sends on the wire, and nothing more: the protocol's headers (so a strict simulator accepts the
/// request), the JSON bodies written with <see cref="Utf8JsonWriter"/>, and the check that the service did not refuse.
/// Shared by the floor loops (ClawBot.E2E) and the alert's floor module (ClawBot.E2E.AlertFloor).
/// </summary>
internal static class FloorWire
{
    /// <summary>A request body: one JSON object, its members written by <paramref name="body"/>, with base_info.</summary>
    public static ByteArrayContent Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteStartObject("base_info");
            w.WriteString("channel_version", "2.4.9");
            w.WriteString("bot_agent", "Floor/1.0");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>The sendmessage body of one text, with a fresh client_id.</summary>
    public static ByteArrayContent SendText(string toUserId, string contextToken, string text) => Json(w =>
    {
        w.WriteStartObject("msg");
        w.WriteString("from_user_id", "");
        w.WriteString("to_user_id", toUserId);
        w.WriteString("client_id", "floor-" + Guid.NewGuid().ToString("N"));
        w.WriteNumber("message_type", 2);
        w.WriteNumber("message_state", 2);
        w.WriteString("context_token", contextToken);
        w.WriteStartArray("item_list");
        w.WriteStartObject();
        w.WriteNumber("type", 1);
        w.WriteStartObject("text_item");
        w.WriteString("text", text);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static void Headers(HttpRequestMessage request, string token)
    {
        request.Headers.TryAddWithoutValidation("AuthorizationType", "ilink_bot_token");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        request.Headers.TryAddWithoutValidation("X-WECHAT-UIN", Convert.ToBase64String(Encoding.ASCII.GetBytes(RandomNumberGenerator.GetInt32(int.MaxValue).ToString())));
        request.Headers.TryAddWithoutValidation("iLink-App-Id", "bot");
        request.Headers.TryAddWithoutValidation("iLink-App-ClientVersion", "132105"); // 2.4.9, as base_info says
    }

    /// <summary>A floor that counted refusals (HTTP 200, ret &lt; 0) would look faster than it is: a refusal ends the run.</summary>
    public static void Refused(byte[] body)
    {
        if (body.AsSpan().IndexOf("\"ret\":-"u8) >= 0)
            throw new InvalidOperationException("the service refused a floor request: " + Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200)));
    }
}
