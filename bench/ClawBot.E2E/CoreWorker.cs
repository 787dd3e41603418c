using System.Diagnostics;
using ClawBot.Core.Api;
using ClawBot.Core.Messaging;
using ClawBot.Core.Monitor;
using ClawBot.Core.Storage;

namespace ClawBot.Bench;

/// <summary>ClawBot through its core API (what a C# host or the cmdlets' loops do), one workload per process.</summary>
internal static class CoreWorker
{
    public static async Task<WorkerResult> RunAsync(Job job)
    {
        var store = new ProfileStore(job.ProfileHome);
        var profile = store.TryLoad(job.ProfileName) ?? throw new InvalidOperationException("no stored profile");
        var client = new ILinkClient(new ILinkClientOptions
        {
            BaseUrl = new Uri(profile.BaseUrl),
            CdnBaseUrl = new Uri(profile.CdnBaseUrl!),
            BotToken = profile.BotToken,
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        return job.Workload switch
        {
            "receive" when job.Variant == "core-raw" => await ReceiveRawAsync(job, client, cts.Token),
            "receive" when job.Variant == "http-floor" => await ReceiveHttpFloorAsync(job, profile, cts.Token),
            "receive" when job.Variant == "core-coalesced" => await CoalescingLoop.ReceiveAsync(job, client, profile, store, cts.Token),
            "receive" => await ReceiveAsync(job, client, profile, store, cts.Token),
            "send" => await SendAsync(job, client, cts.Token),
            "upload" => await UploadAsync(job, client, cts.Token),
            _ => throw new ArgumentException("unknown workload " + job.Workload),
        };
    }

    /// <summary>The receive loop as Receive-ClawMessage runs it: poll, hand on, mark delivered, commit (persisting the cursor).</summary>
    private static async Task<WorkerResult> ReceiveAsync(Job job, ILinkClient client, Profile profile, ProfileStore store, CancellationToken ct)
    {
        var inbox = new Inbox(client, profile, store);
        var received = 0;
        var watch = Stopwatch.StartNew();
        while (received < job.Count)
        {
            var batch = await inbox.PollAsync(ct);
            foreach (var message in batch)
            {
                inbox.Delivered(message);
                received++;
            }
            inbox.Commit();
        }
        watch.Stop();
        return new WorkerResult { Count = received, Seconds = watch.Elapsed.TotalSeconds, Rate = received / watch.Elapsed.TotalSeconds };
    }

    /// <summary>Diagnostic: GetUpdatesAsync alone (HTTP, parse, map), without the inbox's dedup, contact book and persistence.</summary>
    private static async Task<WorkerResult> ReceiveRawAsync(Job job, ILinkClient client, CancellationToken ct)
    {
        var received = 0;
        var cursor = "";
        var watch = Stopwatch.StartNew();
        while (received < job.Count)
        {
            var batch = await client.GetUpdatesAsync(cursor, ct);
            received += batch.Messages.Count;
            cursor = batch.Cursor;
        }
        watch.Stop();
        return new WorkerResult { Count = received, Seconds = watch.Elapsed.TotalSeconds, Rate = received / watch.Elapsed.TotalSeconds };
    }

    /// <summary>
    /// Diagnostic: the simulator's ceiling. A bare HttpClient loop that posts getupdates and reads only the cursor and
    /// the message count (JsonDocument), no mapping, no bookkeeping: no client on this machine can receive faster.
    /// </summary>
    private static async Task<WorkerResult> ReceiveHttpFloorAsync(Job job, Profile profile, CancellationToken ct)
    {
        using var http = new HttpClient();
        var url = new Uri(new Uri(profile.BaseUrl), "ilink/bot/getupdates");
        var received = 0;
        var cursor = "";
        var watch = Stopwatch.StartNew();
        while (received < job.Count)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["get_updates_buf"] = cursor,
                    ["base_info"] = new Dictionary<string, string> { ["channel_version"] = "1.0.2" },
                }), System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + profile.BotToken);
            request.Headers.TryAddWithoutValidation("AuthorizationType", "ilink_bot_token");
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            using var doc = System.Text.Json.JsonDocument.Parse(body);
            received += doc.RootElement.GetProperty("msgs").GetArrayLength();
            cursor = doc.RootElement.GetProperty("get_updates_buf").GetString() ?? cursor;
        }
        watch.Stop();
        return new WorkerResult { Count = received, Seconds = watch.Elapsed.TotalSeconds, Rate = received / watch.Elapsed.TotalSeconds };
    }

    private static async Task<WorkerResult> SendAsync(Job job, ILinkClient client, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < job.Count; i++)
            await client.SendTextAsync(job.UserId, job.ContextToken, "bench " + i, ct);
        watch.Stop();
        return new WorkerResult { Count = job.Count, Seconds = watch.Elapsed.TotalSeconds, Rate = job.Count / watch.Elapsed.TotalSeconds };
    }

    /// <summary>A small file first (code paths loaded, connection open, as the seed harness does), then the measured one.</summary>
    private static async Task<WorkerResult> UploadAsync(Job job, ILinkClient client, CancellationToken ct)
    {
        await client.SendFileAsync(job.UserId, job.ContextToken, job.WarmupFilePath, OutboundMediaKind.File, null, null, ct);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        ProcMemory.ResetPeak();
        var baseline = ProcMemory.RssBytes();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        await client.SendFileAsync(job.UserId, job.ContextToken, job.FilePath, OutboundMediaKind.File, null, null, ct);
        watch.Stop();
        var peak = ProcMemory.PeakBytes();
        return new WorkerResult
        {
            Count = 1,
            Seconds = watch.Elapsed.TotalSeconds,
            PeakExtraBytes = peak - baseline,
            BaselineRssBytes = baseline,
            GcAllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated,
        };
    }
}
