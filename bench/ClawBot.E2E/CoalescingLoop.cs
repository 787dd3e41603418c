using System.Diagnostics;
using ClawBot.Core.Api;
using ClawBot.Core.Messaging;
using ClawBot.Core.Storage;

namespace ClawBot.Bench;

/// <summary>
/// Diagnostic prototype of the fix proposed in BENCHMARKS.md for <c>Inbox.Commit</c>: the cursor and delivered ids
/// advance in memory after every batch (so the next poll continues from there), but the profile is written (temp file,
/// fsync, rename) at most once per <see cref="SaveInterval"/>, when the backlog is drained (a short batch), and at the
/// end. Same guarantees as the inbox (a crash replays what was handed on since the last save, and the delivered ids
/// saved with it drop nothing that was not delivered), with a bounded number of fsyncs instead of one per batch.
/// Built on public core API only; the real change belongs in ClawBot.Core's Inbox.
/// </summary>
internal static class CoalescingLoop
{
    public static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);

    public static async Task<WorkerResult> ReceiveAsync(Job job, ILinkClient client, Profile profile, ProfileStore store, CancellationToken ct)
    {
        var delivered = new HashSet<string>(profile.DeliveredIds, StringComparer.Ordinal);
        var lastSave = Stopwatch.StartNew();
        var received = 0;
        var watch = Stopwatch.StartNew();
        while (received < job.Count)
        {
            var batch = await client.GetUpdatesAsync(profile.Cursor, ct);
            foreach (var message in batch.Messages)
            {
                if (message.MessageId.Length > 0 && !delivered.Add(message.MessageId)) continue;
                received++; // handed on
                if (message.MessageId.Length > 0) profile.DeliveredIds.Add(message.MessageId);
                ContactBook.RecordInbound(profile, message, DateTimeOffset.UtcNow);
            }
            var excess = profile.DeliveredIds.Count - Profile.DeliveredIdCapacity;
            if (excess > 0)
            {
                for (var i = 0; i < excess; i++) delivered.Remove(profile.DeliveredIds[i]);
                profile.DeliveredIds.RemoveRange(0, excess);
            }
            profile.Cursor = batch.Cursor;
            if (lastSave.Elapsed >= SaveInterval || batch.Messages.Count < 100 || received >= job.Count)
            {
                store.Save(profile);
                lastSave.Restart();
            }
        }
        watch.Stop();
        return new WorkerResult { Count = received, Seconds = watch.Elapsed.TotalSeconds, Rate = received / watch.Elapsed.TotalSeconds };
    }
}
