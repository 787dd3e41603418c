using ClawBot.Simulator.Cdn;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.Faults;

namespace ClawBot.Simulator.State;

/// <summary>
/// The whole simulated service: accounts, QR codes, CDN, faults, counters. One instance per server; endpoints and
/// the control API share it. Mutable collections are guarded by <see cref="Sync"/>.
/// </summary>
public sealed class SimState
{
    public SimState(SimulatorOptions options)
    {
        Options = options;
        Cdn = new CdnStore(() => Options.UrlUnsafeParams);
    }

    public object Sync { get; } = new();
    public SimulatorOptions Options { get; }
    public SimClock Clock { get; } = new();
    public CdnStore Cdn { get; }
    public FaultRegistry Faults { get; } = new();
    public StatsCollector Stats { get; } = new();
    /// <summary>Bumped after every change, for the chat page's live updates.</summary>
    public ChangeFeed Changes { get; } = new();

    /// <summary>Cancelled when the server stops, so holds end at once instead of delaying shutdown.</summary>
    public CancellationToken Stopping { get; set; }

    /// <summary>http://host:port/ of the listener, set once Kestrel has bound.</summary>
    public Uri Root { get; set; } = new("http://127.0.0.1/");
    /// <summary>The API base (root plus the path prefix) with a trailing slash.</summary>
    public Uri ApiBase => new(Root, PrefixPath.TrimStart('/') + (PrefixPath.Length > 0 ? "/" : ""));
    /// <summary>The CDN base, {root}c2c/.</summary>
    public Uri CdnBase => new(Root, "c2c/");
    /// <summary>The normalised path prefix ("" or "/a/b"), fixed when the routes are mapped at start.</summary>
    public string PrefixPath { get; set; } = "";

    public Dictionary<string, BotAccount> Bots { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, BotAccount> BotsByToken { get; } = new(StringComparer.Ordinal);
    public List<QrSession> QrCodes { get; } = new();
    public Dictionary<string, QrSession> QrByCode { get; } = new(StringComparer.Ordinal);

    /// <summary>Pulsed when the clock moves so QR holds re-check their TTL.</summary>
    public AsyncSignal ClockSignal { get; } = new();

    public static string Normalize(string? prefix)
    {
        var p = (prefix ?? "").Trim().Trim('/');
        return p.Length == 0 ? "" : "/" + p;
    }

    /// <summary>A new bot bound to <paramref name="userId"/>. Caller holds <see cref="Sync"/>.</summary>
    public BotAccount NewBot(string? userId)
    {
        var bot = new BotAccount(Ids.BotId(), NewToken(), string.IsNullOrWhiteSpace(userId) ? Ids.UserId() : userId);
        Bots[bot.BotId] = bot;
        BotsByToken[bot.Token] = bot;
        return bot;
    }

    /// <summary>Issues a fresh token for an existing bot (re-bind); the old one stops working. Caller holds Sync.</summary>
    public void Rebind(BotAccount bot, string? userId)
    {
        BotsByToken.Remove(bot.Token);
        bot.Token = NewToken();
        bot.Revoked = false;
        if (!string.IsNullOrWhiteSpace(userId)) bot.UserId = userId;
        BotsByToken[bot.Token] = bot;
        bot.Signal.Pulse();
    }

    /// <summary>The bot a live token belongs to, or null (unknown or revoked). Caller holds Sync.</summary>
    public BotAccount? BotForToken(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        return BotsByToken.TryGetValue(token, out var bot) && !bot.Revoked && bot.Token == token ? bot : null;
    }

    public BotAccount? Bot(string botId)
    {
        lock (Sync) return Bots.TryGetValue(botId, out var b) ? b : null;
    }

    private static string NewToken() => Ids.Hex(6) + "@im.bot:" + Ids.Opaque(30);

    public SimQrCode ToSimQr(QrSession qr) => new(qr.Code, qr.Content, CurrentStatus(qr));

    /// <summary>The status a poll would report now, without side effects. Caller holds Sync.</summary>
    public string CurrentStatus(QrSession qr)
    {
        if (qr.Phase is not (QrPhase.Confirmed or QrPhase.BindedRedirect) && IsExpired(qr)) return "expired";
        return qr.StatusWord;
    }

    public bool IsExpired(QrSession qr) =>
        qr.Phase == QrPhase.Expired || Clock.Now >= qr.IssuedAt + Options.QrTtl;
}
