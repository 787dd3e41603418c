namespace ClawBot.Simulator.Control;

/// <summary>A bound bot: its credentials and the user who bound it.</summary>
public sealed record SimBot(string BotId, string BotToken, string UserId);

/// <summary>A QR code the simulator issued, and its state (wait, scaned, confirmed, expired, …).</summary>
public sealed record SimQrCode(string QrCode, string Content, string Status);

/// <summary>An inbound message the simulator queued for a bot.</summary>
public sealed record SimInbound(string MessageId, string FromUserId, string ContextToken)
{
    /// <summary>Media messages: the AES key (hex of the raw bytes), for tests that check it never leaks.</summary>
    public string? MediaKeyHex { get; init; }
    /// <summary>Media messages: the CDN download parameter (encrypt_query_param).</summary>
    public string? MediaDownloadParam { get; init; }
    /// <summary>Images and videos in full shapes: the thumbnail's CDN download parameter.</summary>
    public string? ThumbnailDownloadParam { get; init; }
}

/// <summary>Kinds of inbound media a simulated user can send.</summary>
public enum SimMediaKind { Image, File, Video, Voice }

/// <summary>Which aes_key encoding inbound media carries (PROTOCOL.md §7.2; SIM-18).</summary>
public enum SimKeyEncoding
{
    /// <summary>The kind's usual one: images hex aeskey + base64-of-raw aes_key; others base64-of-hex.</summary>
    Default,
    /// <summary>media.aes_key = base64 of the raw 16 bytes, no hex aeskey.</summary>
    Base64OfRaw,
    /// <summary>media.aes_key = base64 of the 32 hex digits.</summary>
    Base64OfHex,
    /// <summary>Images only: image_item.aeskey (hex) and no media.aes_key.</summary>
    HexOnly,
    /// <summary>Images only: no key at all; the CDN holds plaintext.</summary>
    None,
}

/// <summary>What a simulated user sends: text, or media with optional text (voice transcription).</summary>
public sealed class SimInboundRequest
{
    public string FromUserId { get; set; } = "";
    public string? Text { get; set; }
    public SimMediaKind? MediaKind { get; set; }
    public string? FileName { get; set; }
    public byte[]? Content { get; set; }
    public SimKeyEncoding KeyEncoding { get; set; }
    /// <summary>Quote a message by id only (ref_msg with svr_id alone), as newer WeChat versions do.</summary>
    public string? QuoteSvrId { get; set; }
    /// <summary>
    /// Quote a message this bot received or sent, by its message id: in full shapes ref_msg carries svr_id,
    /// message_item (the quoted item, media included), title and, with <see cref="QuoteSelection"/>, partial_text.
    /// </summary>
    public string? QuoteMessageId { get; set; }
    /// <summary>With <see cref="QuoteMessageId"/>: the part of the quoted text the user selected (partial_text).</summary>
    public string? QuoteSelection { get; set; }
    /// <summary>group_id of the message, as for one from a group chat (full shapes write "" otherwise).</summary>
    public string? GroupId { get; set; }
    /// <summary>Image and video thumbnail bytes (full shapes); default a PNG of ThumbWidth × ThumbHeight.</summary>
    public byte[]? ThumbContent { get; set; }
    /// <summary>thumb_width (default 120).</summary>
    public int? ThumbWidth { get; set; }
    /// <summary>thumb_height (default 90).</summary>
    public int? ThumbHeight { get; set; }
    /// <summary>Voice: play time in ms.</summary>
    public int? PlayTimeMs { get; set; }
}

/// <summary>One message the bot delivered to a user, as the simulator accepted it.</summary>
public sealed class SimSentMessage
{
    public string ToUserId { get; set; } = "";
    public string ClientId { get; set; } = "";
    /// <summary>1 TEXT, 2 IMAGE, 4 FILE, 5 VIDEO.</summary>
    public int ItemType { get; set; }
    public int MessageState { get; set; }
    public string? Text { get; set; }
    public string? FileName { get; set; }
    /// <summary>The media decrypted from the CDN with the key the message carried.</summary>
    public byte[]? FileContent { get; set; }
    /// <summary>Media: media.aes_key exactly as the bot sent it (a secret tests look for in output).</summary>
    public string? AesKey { get; set; }
    /// <summary>Media: media.encrypt_query_param as the bot sent it.</summary>
    public string? DownloadParam { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    /// <summary>The id the simulator gave the message (what ReturnMessageIds answers).</summary>
    public string MessageId { get; set; } = "";
    /// <summary>How many items the request carried (each item is listed as its own entry, same ClientId).</summary>
    public int ItemCount { get; set; } = 1;
}

/// <summary>A message the simulator accepted with HTTP 200 but did not deliver (SIM-13), and why.</summary>
public sealed class SimDroppedMessage
{
    public string ToUserId { get; set; } = "";
    public string? ClientId { get; set; }
    public string Reason { get; set; } = "";
}

/// <summary>Fault kinds (SIM-11, SIM-16).</summary>
public enum SimFaultKind
{
    /// <summary>Answer with Status (500, 502, 503, 524, 400…) and a body.</summary>
    Status,
    /// <summary>Abort the connection without an answer.</summary>
    Reset,
    /// <summary>Wait Delay, then answer normally.</summary>
    Delay,
    /// <summary>Answer 200 with invalid JSON.</summary>
    Malformed,
    /// <summary>Answer 200 with {ret:-14,errcode:-14,errmsg:"session timeout"}.</summary>
    SessionExpired,
    /// <summary>Answer 200 with {ret:Ret,errmsg}.</summary>
    ApiError,
    /// <summary>CDN upload only: 200 without x-encrypted-param.</summary>
    NoEncryptedParam,
    /// <summary>Handle the call normally (a send is delivered), then abort the connection: the answer is lost.</summary>
    LoseResponse,
    /// <summary>Handle the call normally, send the headers and half the body, then abort: closed mid-response.</summary>
    Truncate,
    /// <summary>Answer 200 with an HTML error page, as a misbehaving gateway does.</summary>
    Html,
}

/// <summary>A fault for the next Count calls of one endpoint ("getupdates", "sendmessage", "getuploadurl", "getconfig", "sendtyping", "get_bot_qrcode", "get_qrcode_status", "notifystart", "notifystop", "cdn-upload", "cdn-download").</summary>
public sealed class SimFault
{
    public string Endpoint { get; set; } = "";
    public SimFaultKind Kind { get; set; }
    public int Count { get; set; } = 1;
    public int Status { get; set; } = 500;
    public int Ret { get; set; } = -2;
    public TimeSpan Delay { get; set; }
}

/// <summary>Per-user send window as the simulator enforces it (SIM-21).</summary>
public sealed record SimAllowance(string UserId, int Remaining, DateTimeOffset? TokenExpiresAt);

/// <summary>Counters for benchmarks and tests.</summary>
public sealed class SimStats
{
    public long ConnectionsOpened { get; set; }
    public Dictionary<string, long> RequestsByEndpoint { get; set; } = new();
    public List<string> StrictViolations { get; set; } = new();
}
