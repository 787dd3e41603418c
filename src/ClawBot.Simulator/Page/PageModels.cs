namespace ClawBot.Simulator.Page;

// What GET /_sim/page/state answers: one consistent snapshot of everything the chat page draws. The page renders
// from these alone, never from iLink wire shapes.

/// <summary>The whole page state, taken under one lock.</summary>
public sealed record PageState(long Version, DateTimeOffset Now, PageSettings Settings, IReadOnlyList<PageQr> QrCodes,
    IReadOnlyList<PageBot> Bots, IReadOnlyList<PageFault> Faults, IReadOnlyDictionary<string, long> Requests, PageChat? Chat);

/// <summary>What the page needs of the options: where clients connect, and the limits it shows per user.</summary>
public sealed record PageSettings(string ApiBase, string CdnBase, int SendAllowance, double TokenLifetimeMs, double QrTtlMs,
    double TypingShownMs, bool RequireContextToken, double? AutoConfirmMs);

/// <summary>A QR login: status as a poll would see it, its deadline, and the digits the phone shows for a verify code.</summary>
public sealed record PageQr(string QrCode, string Content, string Status, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt,
    string? VerifyCode, int WrongCodes, string? BotId, int Polls);

/// <summary>
/// A bot. Receiving: a getupdates is in progress; LastPollAt: when one last started or ended (clients poll again at
/// once, so a recent one counts as receiving too). Online: notifystart/notifystop (SIM-20).
/// </summary>
public sealed record PageBot(string BotId, string BinderId, bool Online, bool Receiving, DateTimeOffset? LastPollAt, bool Revoked,
    int Queued, int Dropped, IReadOnlyList<PageUser> Users);

/// <summary>A user in a bot's chat list: send window, typing, last message.</summary>
public sealed record PageUser(string UserId, string? Name, bool IsBinder, int Remaining, DateTimeOffset? TokenIssuedAt,
    DateTimeOffset? TokenExpiresAt, bool Typing, DateTimeOffset? TypingAt, DateTimeOffset? LastAt, string? LastPreview,
    int Incoming, int Outgoing);

/// <summary>The open conversation (the newest messages; Hidden older ones are left out).</summary>
public sealed record PageChat(string BotId, string UserId, int Hidden, IReadOnlyList<PageMessage> Messages);

/// <summary>
/// One bubble. Dir is "in" (the user to the bot) or "out" (the bot to the user). Kind: text, image, file, video, voice,
/// tool. Parts &gt; 1 when several sends make one message (GENERATING … FINISH); Streaming while its last part is
/// GENERATING. Group is the client_id shared by the items of one multi-item send.
/// </summary>
public sealed record PageMessage(string Key, string Id, string Dir, DateTimeOffset At, string Kind, string? Text,
    string? FileName, long? Size, int? PlayTimeMs, string? ContentUrl, PageQuote? Quote, int Parts, bool Streaming, string? Group);

public sealed record PageQuote(string Id, string? Dir, string? Preview);

public sealed record PageFault(string Endpoint, string Kind, int Count, int Status, int Ret, double DelayMs);
