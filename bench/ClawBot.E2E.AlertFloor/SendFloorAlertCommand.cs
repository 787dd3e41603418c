using System.Management.Automation;
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

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(Field("baseUrl")), "ilink/bot/sendmessage"))
        {
            Content = FloorWire.SendText(Field("userId"), Field("contextToken"), Text),
        };
        FloorWire.Headers(request, Field("botToken"));
        using var response = http.Send(request);
        response.EnsureSuccessStatusCode();
        FloorWire.Refused(response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult());
    }
}
