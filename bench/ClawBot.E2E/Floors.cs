using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ClawBot.Core.Storage;

namespace ClawBot.Bench;

/// <summary>
/// The floors: the least a C# client must do against the same simulator, with one pooled HttpClient and the protocol's
/// headers (so a strict simulator accepts them too), and nothing else: no retries, no timeouts of its own, no logging,
/// no bookkeeping. No client on this machine goes faster than these; ClawBot's targets are ratios to them.
/// </summary>
internal static class Floors
{
    private static readonly byte[] CursorKey = "\"get_updates_buf\":\""u8.ToArray();
    private static readonly byte[] MessageKey = "\"message_id\":"u8.ToArray();

    /// <summary>
    /// <c>floor-raw</c>: getupdates, the body read into a byte array, the cursor and the message count found by byte
    /// search. No JSON parse: what the HTTP exchange itself costs.
    /// </summary>
    public static Task<WorkerResult> ReceiveRawAsync(Job job, Profile profile, CancellationToken ct) =>
        ReceiveLoopAsync(job, profile, ct, body =>
        {
            var span = body.AsSpan();
            var count = 0;
            for (var at = span.IndexOf(MessageKey); at >= 0; )
            {
                count++;
                var next = span[(at + MessageKey.Length)..].IndexOf(MessageKey);
                at = next < 0 ? -1 : at + MessageKey.Length + next;
            }
            var key = span.LastIndexOf(CursorKey);
            var rest = span[(key + CursorKey.Length)..];
            return (count, Encoding.UTF8.GetString(rest[..rest.IndexOf((byte)'"')]));
        });

    /// <summary>
    /// <c>floor-parse</c>: the same loop with a JSON parse (<see cref="JsonDocument"/>) that reads what any client must
    /// keep of each message: its id, sender, context token, time and first text, as strings and numbers.
    /// </summary>
    public static Task<WorkerResult> ReceiveParsedAsync(Job job, Profile profile, CancellationToken ct) =>
        ReceiveLoopAsync(job, profile, ct, body =>
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var count = 0;
            if (root.TryGetProperty("msgs", out var msgs))
            {
                foreach (var m in msgs.EnumerateArray())
                {
                    var message = new MinimalMessage(
                        m.GetProperty("message_id").GetRawText(),
                        m.GetProperty("from_user_id").GetString() ?? "",
                        m.TryGetProperty("context_token", out var token) ? token.GetString() ?? "" : "",
                        m.TryGetProperty("create_time_ms", out var time) ? time.GetInt64() : 0,
                        FirstText(m));
                    if (message.Id.Length > 0) count++;
                }
            }
            return (count, root.GetProperty("get_updates_buf").GetString() ?? "");
        });

    private static string FirstText(JsonElement message)
    {
        if (!message.TryGetProperty("item_list", out var items)) return "";
        foreach (var item in items.EnumerateArray())
            if (item.TryGetProperty("text_item", out var text)) return text.GetProperty("text").GetString() ?? "";
        return "";
    }

    private sealed record MinimalMessage(string Id, string From, string ContextToken, long CreateTimeMs, string Text);

    private static async Task<WorkerResult> ReceiveLoopAsync(Job job, Profile profile, CancellationToken ct, Func<byte[], (int Count, string Cursor)> read)
    {
        using var http = new HttpClient();
        var url = new Uri(new Uri(profile.BaseUrl), "ilink/bot/getupdates");
        var received = 0;
        var cursor = "";
        var cpu = Cpu.Start();
        var watch = Stopwatch.StartNew();
        while (received < job.Count)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = FloorWire.Json(w => w.WriteString("get_updates_buf", cursor)) };
            FloorWire.Headers(request, profile.BotToken);
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            FloorWire.Refused(body);
            var (count, next) = read(body);
            received += count;
            if (next.Length > 0) cursor = next;
        }
        watch.Stop();
        return Cpu.Result(received, watch, cpu);
    }

    /// <summary><c>floor</c> for send: one sendmessage POST per text (a fresh client_id each), status checked, answer read.</summary>
    public static async Task<WorkerResult> SendAsync(Job job, Profile profile, CancellationToken ct)
    {
        using var http = new HttpClient();
        var url = new Uri(new Uri(profile.BaseUrl), "ilink/bot/sendmessage");
        var cpu = Cpu.Start();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < job.Count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = FloorWire.SendText(job.UserId, job.ContextToken, "bench " + i) };
            FloorWire.Headers(request, profile.BotToken);
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            FloorWire.Refused(await response.Content.ReadAsByteArrayAsync(ct));
        }
        watch.Stop();
        return Cpu.Result(job.Count, watch, cpu);
    }
}
