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
            "receive" when job.Variant == "floor-raw" => await Floors.ReceiveRawAsync(job, profile, cts.Token),
            "receive" when job.Variant == "floor-parse" => await Floors.ReceiveParsedAsync(job, profile, cts.Token),
            "send" when job.Variant == "floor" => await Floors.SendAsync(job, profile, cts.Token),
            "receive" when job.Variant == "core-nojournal" => await ReceiveWithoutJournalAsync(job, client, profile, store, cts.Token),
            "receive" => await ReceiveAsync(job, client, profile, store, cts.Token),
            "send" => await SendAsync(job, client, cts.Token),
            "upload" => await UploadAsync(job, client, cts.Token),
            _ => throw new ArgumentException("unknown workload " + job.Workload),
        };
    }

    /// <summary>
    /// The receive loop as Receive-ClawMessage runs it: MessageStream (receive lock, a journal record per message and per
    /// batch, commits, a profile save at most once a second), every message handed on.
    /// </summary>
    private static async Task<WorkerResult> ReceiveAsync(Job job, ILinkClient client, Profile profile, ProfileStore store, CancellationToken ct)
    {
        var received = 0;
        var cpu = Cpu.Start();
        var watch = Stopwatch.StartNew();
        using (var stream = MessageStream.Open(new[] { new StreamSource(client, profile, store) }, new MessageStreamOptions { First = job.Count }))
        {
            await stream.RunAsync((batch, _) =>
            {
                foreach (var message in batch.Messages)
                {
                    batch.HandedOn(message);
                    received++;
                }
                return Task.CompletedTask;
            }, ct);
        }
        watch.Stop();
        return Cpu.Result(received, watch, cpu);
    }

    /// <summary>The inbox loop as it was before the delivery journal (issue 12): poll, mark delivered, commit.</summary>
    private static async Task<WorkerResult> ReceiveWithoutJournalAsync(Job job, ILinkClient client, Profile profile, ProfileStore store, CancellationToken ct)
    {
        var inbox = new Inbox(client, profile, store);
        var received = 0;
        var cpu = Cpu.Start();
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
        return Cpu.Result(received, watch, cpu);
    }

    /// <summary>Diagnostic: GetUpdatesAsync alone (HTTP, parse, map), without the inbox's dedup, contact book and persistence.</summary>
    private static async Task<WorkerResult> ReceiveRawAsync(Job job, ILinkClient client, CancellationToken ct)
    {
        var received = 0;
        var cursor = "";
        var cpu = Cpu.Start();
        var watch = Stopwatch.StartNew();
        while (received < job.Count)
        {
            var batch = await client.GetUpdatesAsync(cursor, ct);
            received += batch.Messages.Count;
            cursor = batch.Cursor;
        }
        watch.Stop();
        return Cpu.Result(received, watch, cpu);
    }

    private static async Task<WorkerResult> SendAsync(Job job, ILinkClient client, CancellationToken ct)
    {
        var cpu = Cpu.Start();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < job.Count; i++)
            await client.SendTextAsync(job.UserId, job.ContextToken, "bench " + i, ct);
        watch.Stop();
        return Cpu.Result(job.Count, watch, cpu);
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
