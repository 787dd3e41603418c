using System.Buffers;
using System.Management.Automation;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ClawBot.Bench;

/// <summary>
/// <c>Send-FloorAlert 'x' -JobFile job.json</c>: reads the bot's token, the user and their context token from the bench's
/// job file (JsonDocument, standing in for a stored profile), then one sendmessage POST, status and <c>ret</c> checked.
/// No retries, no window bookkeeping, no profile save: what any module must do at the least.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "FloorAlert")]
public sealed class SendFloorAlertCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public string Text { get; set; } = "";

    [Parameter(Mandatory = true)]
    public string JobFile { get; set; } = "";

    protected override void ProcessRecord()
    {
        using var job = JsonDocument.Parse(File.ReadAllBytes(JobFile));
        string Field(string name) => job.RootElement.GetProperty(name).GetString() ?? "";

        var body = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteStartObject("msg");
            w.WriteString("from_user_id", "");
            w.WriteString("to_user_id", Field("userId"));
            w.WriteString("client_id", "floor-" + Guid.NewGuid().ToString("N"));
            w.WriteNumber("message_type", 2);
            w.WriteNumber("message_state", 2);
            w.WriteString("context_token", Field("contextToken"));
            w.WriteStartArray("item_list");
            w.WriteStartObject();
            w.WriteNumber("type", 1);
            w.WriteStartObject("text_item");
            w.WriteString("text", Text);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("base_info");
            w.WriteString("channel_version", "2.4.9");
            w.WriteString("bot_agent", "Floor/1.0");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(Field("baseUrl")), "ilink/bot/sendmessage"));
        request.Content = new ByteArrayContent(body.WrittenSpan.ToArray());
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("AuthorizationType", "ilink_bot_token");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Field("botToken"));
        request.Headers.TryAddWithoutValidation("X-WECHAT-UIN", Convert.ToBase64String(Encoding.ASCII.GetBytes(RandomNumberGenerator.GetInt32(int.MaxValue).ToString())));
        request.Headers.TryAddWithoutValidation("iLink-App-Id", "bot");
        request.Headers.TryAddWithoutValidation("iLink-App-ClientVersion", "132105");
        using var response = http.Send(request);
        response.EnsureSuccessStatusCode();
        var answer = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        if (answer.AsSpan().IndexOf("\"ret\":-"u8) >= 0)
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("the service refused the floor alert"), "FloorRefused", ErrorCategory.InvalidResult, null));
    }
}
