namespace ClawBot.Simulator.Control;

/// <summary>A QR code with what the simulator recorded about it (SIM-01 bot_type, SIM-04 redirect hosts).</summary>
public sealed record SimQrDetails(string QrCode, string Content, string Status, string? BotType, int LocalTokenCount, IReadOnlyList<string> PollHosts);

/// <summary>A bot's server-side state: online (SIM-20), revoked (SIM-05/10), queue length.</summary>
public sealed record SimBotState(string BotId, string UserId, bool Online, int NotifyStarts, int NotifyStops, bool Revoked, int Queued)
{
    /// <summary>Users the bot left a GENERATING run open to (a text whose FINISH chunk never came).</summary>
    public IReadOnlyList<string> OpenRuns { get; init; } = [];
}

/// <summary>One typing event (SIM-19).</summary>
public sealed record SimTypingEvent(string UserId, int Status, DateTimeOffset At);

/// <summary>Body of POST /_sim/bots.</summary>
public sealed class SimCreateBotRequest
{
    public string? UserId { get; set; }
}

/// <summary>Body of POST /_sim/qrcodes/{code}/confirm.</summary>
public sealed class SimConfirmRequest
{
    public string? UserId { get; set; }
    public string? SameBotAs { get; set; }
}

/// <summary>Body of POST /_sim/qrcodes/{code}/verify-code.</summary>
public sealed class SimVerifyCodeRequest
{
    public string Code { get; set; } = "";
}

/// <summary>Body of POST /_sim/bots/{botId}/messages/bulk.</summary>
public sealed class SimBulkRequest
{
    public string FromUserId { get; set; } = "";
    public int Count { get; set; }
    public string TextPrefix { get; set; } = "msg";
}

/// <summary>Body of POST /_sim/clock/advance.</summary>
public sealed class SimClockRequest
{
    public double Ms { get; set; }
}
