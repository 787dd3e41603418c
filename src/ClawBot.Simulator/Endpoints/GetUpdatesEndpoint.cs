using ClawBot.Simulator.Http;
using ClawBot.Simulator.Messaging;
using ClawBot.Simulator.State;
using ClawBot.Simulator.Wire;

namespace ClawBot.Simulator.Endpoints;

/// <summary>
/// getupdates (SIM-07, SIM-08): answers at once with the messages after the cursor's position (at most MaxBatchSize),
/// else holds until one is queued, the session is revoked, or LongPollHold ends. An older cursor replays; "" starts at
/// the beginning of the bot's queue (at-least-once delivery).
/// </summary>
public static class GetUpdatesEndpoint
{
    public static async Task HandleAsync(ApiRequest req)
    {
        var state = req.State;
        var bot = req.RequireBot;
        var cursor = JsonIn.Str(req.Body["get_updates_buf"]);
        if (string.IsNullOrEmpty(cursor)) cursor = JsonIn.Str(req.Body["sync_buf"]); // deprecated alias
        var position = CursorCodec.Decode(cursor);
        var deadline = DateTimeOffset.UtcNow + state.Options.LongPollHold;

        while (true)
        {
            List<InboundRecord>? batch = null;
            bool revoked;
            Task wake;
            lock (state.Sync)
            {
                revoked = bot.Revoked;
                var start = (int)Math.Clamp(position, 0, bot.Queue.Count);
                var take = Math.Min(Math.Max(1, state.Options.MaxBatchSize), bot.Queue.Count - start);
                if (take > 0) batch = bot.Queue.GetRange(start, take);
                wake = bot.Signal.WaitTask;
            }
            if (revoked)
            {
                await ApiReply.SessionTimeoutAsync(req.Http);
                return;
            }
            if (batch != null)
            {
                await WriteAsync(req, batch, batch[^1].Seq);
                return;
            }
            var remaining = deadline - DateTimeOffset.UtcNow;
            if (remaining <= TimeSpan.Zero || !await AsyncSignal.WaitAsync(wake, remaining, req.Ct))
            {
                await WriteAsync(req, [], position);
                return;
            }
        }
    }

    private static Task WriteAsync(ApiRequest req, List<InboundRecord> batch, long position) => ApiReply.WriteAsync(req.Http, w =>
    {
        w.WriteNumber("ret", 0);
        w.WriteStartArray("msgs");
        foreach (var m in batch) w.WriteRawValue(m.Json, skipInputValidation: true);
        w.WriteEndArray();
        w.WriteString("get_updates_buf", CursorCodec.Encode(position));
        if (req.State.Options.LongPollHint is { } hint) w.WriteNumber("longpolling_timeout_ms", (long)hint.TotalMilliseconds);
    });
}
