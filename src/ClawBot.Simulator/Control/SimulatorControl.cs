namespace ClawBot.Simulator.Control;

/// <summary>
/// A typed client of the simulator's HTTP control API (/_sim/…). Tests, benchmarks and demos use it; every method is a
/// real HTTP call, so the control API documented in README.md is exercised too.
/// </summary>
public sealed class SimulatorControl
{
    public SimulatorControl(Uri serverRoot, HttpClient? http = null) => throw new NotImplementedException();

    /// <summary>A bound bot without a QR login (for tests that start from a stored profile).</summary>
    public Task<SimBot> CreateBotAsync(string? userId = null, CancellationToken ct = default) => throw new NotImplementedException();
    /// <summary>The most recently issued QR code, or null.</summary>
    public Task<SimQrCode?> LatestQrAsync(CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyList<SimQrCode>> QrCodesAsync(CancellationToken ct = default) => throw new NotImplementedException();
    public Task ScanAsync(string qrCode, CancellationToken ct = default) => throw new NotImplementedException();
    /// <summary>Confirm a scanned code: issues a bot (new, or the same bot id when <paramref name="sameBotAs"/> names a bot already bound: a re-bind).</summary>
    public Task<SimBot> ConfirmAsync(string qrCode, string? userId = null, string? sameBotAs = null, CancellationToken ct = default) => throw new NotImplementedException();
    public Task ExpireQrAsync(string qrCode, CancellationToken ct = default) => throw new NotImplementedException();
    /// <summary>The next status poll answers scaned_but_redirect to this simulator's own redirect host.</summary>
    public Task RedirectQrAsync(string qrCode, CancellationToken ct = default) => throw new NotImplementedException();
    /// <summary>The next status poll answers need_verifycode; the right digits are <paramref name="code"/>.</summary>
    public Task RequireVerifyCodeAsync(string qrCode, string code, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>A user sends the bot a message (text and/or media); it is queued for getupdates.</summary>
    public Task<SimInbound> SendToBotAsync(string botId, SimInboundRequest message, CancellationToken ct = default) => throw new NotImplementedException();
    /// <summary>Shorthand for a text message.</summary>
    public Task<SimInbound> SendTextToBotAsync(string botId, string fromUserId, string text, CancellationToken ct = default) => throw new NotImplementedException();
    /// <summary>Queue many texts at once (benchmarks).</summary>
    public Task QueueTextsAsync(string botId, string fromUserId, int count, string textPrefix = "msg", CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>What the bot delivered, oldest first (optionally to one user).</summary>
    public Task<IReadOnlyList<SimSentMessage>> SentAsync(string botId, string? toUserId = null, CancellationToken ct = default) => throw new NotImplementedException();
    /// <summary>What the simulator accepted but silently dropped.</summary>
    public Task<IReadOnlyList<SimDroppedMessage>> DroppedAsync(string botId, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<SimAllowance> AllowanceAsync(string botId, string userId, CancellationToken ct = default) => throw new NotImplementedException();
    /// <summary>Typing events (userId, status 1/2, time) the bot sent.</summary>
    public Task<IReadOnlyList<(string UserId, int Status, DateTimeOffset At)>> TypingAsync(string botId, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>Revoke the bot's token: every later call answers -14.</summary>
    public Task ExpireSessionAsync(string botId, CancellationToken ct = default) => throw new NotImplementedException();
    public Task InjectFaultAsync(SimFault fault, CancellationToken ct = default) => throw new NotImplementedException();
    public Task ClearFaultsAsync(CancellationToken ct = default) => throw new NotImplementedException();
    /// <summary>Move the simulator's clock (token lifetimes, QR TTL).</summary>
    public Task AdvanceClockAsync(TimeSpan by, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<SimStats> StatsAsync(CancellationToken ct = default) => throw new NotImplementedException();
}
