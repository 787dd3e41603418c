namespace ClawBot.Simulator;

/// <summary>How the simulated service behaves. Every timing is tunable so tests run in milliseconds.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Optional path prefix the API is served under (e.g. "/tenant-a"); the CDN stays at /c2c.</summary>
    public string PathPrefix { get; set; } = "";
    /// <summary>
    /// How long getupdates holds when nothing is queued (SIM-07). A little shorter than the official client's 35 s
    /// timeout, so its own empty answer (with a new cursor) reaches clients that use the official timing.
    /// </summary>
    public TimeSpan LongPollHold { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>When set, getupdates answers carry this as longpolling_timeout_ms.</summary>
    public TimeSpan? LongPollHint { get; set; }
    /// <summary>How long get_qrcode_status holds before answering "wait" (SIM-03).</summary>
    public TimeSpan QrStatusHold { get; set; } = TimeSpan.FromSeconds(25);
    /// <summary>QR code lifetime (SIM-04).</summary>
    public TimeSpan QrTtl { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Context token lifetime (SIM-12, SIM-21).</summary>
    public TimeSpan ContextTokenLifetime { get; set; } = TimeSpan.FromHours(24);
    /// <summary>Bot messages allowed per inbound user message (SIM-21); 0 = unlimited.</summary>
    public int SendAllowance { get; set; } = 10;
    /// <summary>Reject sends without a valid context token with ret:-2 (true) or accept them (false).</summary>
    public bool RequireContextToken { get; set; } = true;
    /// <summary>Largest plaintext upload accepted by getuploadurl (SIM-15).</summary>
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;
    /// <summary>Largest text item accepted by sendmessage, in characters; 0 = unlimited (SIM-14).</summary>
    public int MaxTextLength { get; set; }
    /// <summary>Most messages in one getupdates answer.</summary>
    public int MaxBatchSize { get; set; } = 100;
    /// <summary>Answer sendmessage with {ret:0,message_id} instead of {} (SIM-14).</summary>
    public bool ReturnMessageIds { get; set; }
    /// <summary>Return upload_full_url from getuploadurl (SIM-15).</summary>
    public bool ReturnUploadFullUrl { get; set; }
    /// <summary>
    /// Refuse, with ret -2 (API) or HTTP 400 (CDN), what PROTOCOL.md does not say the service accepts (SIM-06): the
    /// request envelope (headers, base_info), GENERATING runs, state 0, empty text, media fields, getuploadurl fields,
    /// the CDN upload's filekey and Content-Type. Every refusal is also listed in the stats (README, "Strict mode").
    /// </summary>
    public bool Strict { get; set; } = true;
    /// <summary>Scan and confirm every new QR code by itself after this delay (demos); null = only on command.</summary>
    public TimeSpan? AutoConfirmAfter { get; set; }

    /// <summary>
    /// The redirect_host that scaned_but_redirect names (host[:port]); null = this server's own host:port. The
    /// simulator serves plain http there, so clients keep the scheme of their current base (README, "Redirect").
    /// </summary>
    public string? RedirectHost { get; set; }
    /// <summary>Give inbound media a full_url (PROTOCOL.md §5.2, 2.1.1+) besides encrypt_query_param.</summary>
    public bool InboundFullUrl { get; set; }

    /// <summary>
    /// Inbound messages in the full shape the real service sends (true) or the sparse one (false): thumbnails, url,
    /// session_id, group_id, delete_time_ms, and quotes with message_item, title and partial_text.
    /// </summary>
    public bool FullShapes { get; set; } = true;

    /// <summary>
    /// Upload and download parameters hold '/', '+' and '=' (true), so a client that does not escape them when it
    /// builds a CDN URL fails; false hands out URL-safe ones.
    /// </summary>
    public bool UrlUnsafeParams { get; set; } = true;
}
