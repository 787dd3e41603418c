namespace ClawBot.Simulator.State;

/// <summary>Where a QR code stands. Distinct from the wire status: a redirect, for instance, is a one-shot answer.</summary>
public enum QrPhase { Wait, Scanned, NeedVerifyCode, Confirmed, BindedRedirect, Expired, VerifyBlocked }

/// <summary>One issued QR code and its login progress (SIM-02..04). Guarded by <see cref="SimState.Sync"/>.</summary>
public sealed class QrSession
{
    public QrSession(string code, string content, string? botType, IReadOnlyList<string> localTokens, DateTimeOffset issuedAt)
    {
        Code = code;
        Content = content;
        BotType = botType;
        LocalTokens = localTokens;
        IssuedAt = issuedAt;
    }

    public string Code { get; }
    /// <summary>qrcode_img_content: the deep link the phone opens.</summary>
    public string Content { get; }
    /// <summary>bot_type from the query string, as recorded (SIM-01).</summary>
    public string? BotType { get; }
    /// <summary>local_token_list from the fetch body (SIM-04 binded_redirect).</summary>
    public IReadOnlyList<string> LocalTokens { get; }
    public DateTimeOffset IssuedAt { get; }

    public QrPhase Phase { get; set; } = QrPhase.Wait;
    /// <summary>The next poll answers scaned_but_redirect once.</summary>
    public bool PendingRedirect { get; set; }
    public string? VerifyCode { get; set; }
    public int WrongCodes { get; set; }
    /// <summary>The bot issued on confirm (or the already bound one for binded_redirect).</summary>
    public BotAccount? Bot { get; set; }
    /// <summary>The token issued at confirmation (what the confirmed answer carries).</summary>
    public string? ConfirmedToken { get; set; }
    /// <summary>The user who confirmed.</summary>
    public string? ConfirmedUserId { get; set; }

    /// <summary>Bumped on every change; a poll answers at once when it has not reported the current version.</summary>
    public int Version { get; set; }
    public int ReportedVersion { get; set; }
    public AsyncSignal Signal { get; } = new();
    /// <summary>Which Host headers status polls arrived on (shows a client followed a redirect).</summary>
    public List<string> PollHosts { get; } = new();

    /// <summary>The status word for the current phase (wire spelling, including "scaned").</summary>
    public string StatusWord => Phase switch
    {
        QrPhase.Wait => "wait",
        QrPhase.Scanned => "scaned",
        QrPhase.NeedVerifyCode => "need_verifycode",
        QrPhase.Confirmed => "confirmed",
        QrPhase.BindedRedirect => "binded_redirect",
        QrPhase.VerifyBlocked => "verify_code_blocked",
        _ => "expired",
    };

    public void Changed()
    {
        Version++;
        Signal.Pulse();
    }
}
