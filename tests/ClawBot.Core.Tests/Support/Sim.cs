using ClawBot.Core.Api;
using ClawBot.Simulator;
using ClawBot.Simulator.Control;

namespace ClawBot.Core.Tests.Support;

/// <summary>Starts the in-process simulator with test timings and builds clients pointed at it.</summary>
internal static class Sim
{
    public static Task<SimulatorServer> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        var options = new SimulatorOptions
        {
            LongPollHold = TimeSpan.FromMilliseconds(200),
            QrStatusHold = TimeSpan.FromMilliseconds(200),
            SendAllowance = 0,
        };
        configure?.Invoke(options);
        return SimulatorServer.StartAsync(options);
    }

    public static ILinkClientOptions Options(SimulatorServer sim, string? token, Core.Diagnostics.IClientLog? log = null) => new()
    {
        BaseUrl = sim.BaseUrl,
        QrBaseUrl = sim.BaseUrl,
        CdnBaseUrl = sim.CdnBaseUrl,
        BotToken = token,
        BotAgent = "ClawBot/0.1.0 (tests)",
        Log = log,
        ChunkGap = TimeSpan.Zero,
        LongPollTimeout = TimeSpan.FromSeconds(5),
        LongPollMargin = TimeSpan.FromSeconds(2),
        SendTimeout = TimeSpan.FromSeconds(5),
        ShortTimeout = TimeSpan.FromSeconds(5),
        CdnTimeout = TimeSpan.FromSeconds(10),
        Retry = new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) },
    };

    /// <summary>A bound bot and a client for it.</summary>
    public static async Task<(SimBot Bot, ILinkClient Client, RecordingLog Log)> BotAsync(SimulatorServer sim, Action<ILinkClientOptions>? configure = null)
    {
        var bot = await sim.Control.CreateBotAsync();
        var log = new RecordingLog();
        var options = Options(sim, bot.BotToken, log);
        configure?.Invoke(options);
        return (bot, new ILinkClient(options), log);
    }

    /// <summary>Polls until at least <paramref name="count"/> messages arrived (each poll is held by the server, so no sleeps).</summary>
    public static async Task<(List<Messaging.InboundMessage> Messages, string Cursor)> ReceiveAsync(ILinkClient client, string cursor, int count)
    {
        var all = new List<Messaging.InboundMessage>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (all.Count < count)
        {
            var batch = await client.GetUpdatesAsync(cursor, cts.Token);
            all.AddRange(batch.Messages);
            cursor = batch.Cursor;
        }
        return (all, cursor);
    }
}

