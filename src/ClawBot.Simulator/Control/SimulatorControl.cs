using System.Net;
using System.Net.Http.Json;

namespace ClawBot.Simulator.Control;

/// <summary>
/// A typed client of the simulator's HTTP control API (/_sim/…). Tests, benchmarks and demos use it; every method is a
/// real HTTP call, so the control API documented in README.md is exercised too.
/// </summary>
public sealed class SimulatorControl
{
    private readonly Uri _root;
    private readonly HttpClient _http;

    public SimulatorControl(Uri serverRoot, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(serverRoot);
        // Control routes live at the server root, whatever path the caller passed.
        _root = new Uri(serverRoot.GetLeftPart(UriPartial.Authority) + "/");
        _http = http ?? new HttpClient();
    }

    /// <summary>A bound bot without a QR login (for tests that start from a stored profile).</summary>
    public Task<SimBot> CreateBotAsync(string? userId = null, CancellationToken ct = default) =>
        PostAsync<SimBot>("_sim/bots", new SimCreateBotRequest { UserId = userId }, ct);

    /// <summary>The most recently issued QR code, or null.</summary>
    public async Task<SimQrCode?> LatestQrAsync(CancellationToken ct = default)
    {
        using var response = await _http.GetAsync(Url("_sim/qrcodes/latest"), ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        return await ReadAsync<SimQrCode>(response, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SimQrCode>> QrCodesAsync(CancellationToken ct = default) =>
        await GetAsync<List<SimQrCode>>("_sim/qrcodes", ct).ConfigureAwait(false);

    /// <summary>A QR code with what was recorded about it: bot_type, local_token_list size, hosts polled.</summary>
    public Task<SimQrDetails> QrDetailsAsync(string qrCode, CancellationToken ct = default) =>
        GetAsync<SimQrDetails>($"_sim/qrcodes/{Esc(qrCode)}", ct);

    public Task ScanAsync(string qrCode, CancellationToken ct = default) => PostAsync<object>($"_sim/qrcodes/{Esc(qrCode)}/scan", null, ct);

    /// <summary>Confirm a scanned code: issues a bot (new, or the same bot id when <paramref name="sameBotAs"/> names a bot already bound: a re-bind).</summary>
    public Task<SimBot> ConfirmAsync(string qrCode, string? userId = null, string? sameBotAs = null, CancellationToken ct = default) =>
        PostAsync<SimBot>($"_sim/qrcodes/{Esc(qrCode)}/confirm", new SimConfirmRequest { UserId = userId, SameBotAs = sameBotAs }, ct);

    /// <summary>The phone backs out after scanning: the code waits for a scan again (409 unless it was scanned).</summary>
    public Task CancelQrAsync(string qrCode, CancellationToken ct = default) => PostAsync<object>($"_sim/qrcodes/{Esc(qrCode)}/cancel", null, ct);

    public Task ExpireQrAsync(string qrCode, CancellationToken ct = default) => PostAsync<object>($"_sim/qrcodes/{Esc(qrCode)}/expire", null, ct);

    /// <summary>The next status poll answers scaned_but_redirect to this simulator's own redirect host.</summary>
    public Task RedirectQrAsync(string qrCode, CancellationToken ct = default) => PostAsync<object>($"_sim/qrcodes/{Esc(qrCode)}/redirect", null, ct);

    /// <summary>The next status poll answers need_verifycode; the right digits are <paramref name="code"/>.</summary>
    public Task RequireVerifyCodeAsync(string qrCode, string code, CancellationToken ct = default) =>
        PostAsync<object>($"_sim/qrcodes/{Esc(qrCode)}/verify-code", new SimVerifyCodeRequest { Code = code }, ct);

    /// <summary>A user sends the bot a message (text and/or media); it is queued for getupdates.</summary>
    public Task<SimInbound> SendToBotAsync(string botId, SimInboundRequest message, CancellationToken ct = default) =>
        PostAsync<SimInbound>($"_sim/bots/{Esc(botId)}/messages", message, ct);

    /// <summary>Shorthand for a text message.</summary>
    public Task<SimInbound> SendTextToBotAsync(string botId, string fromUserId, string text, CancellationToken ct = default) =>
        SendToBotAsync(botId, new SimInboundRequest { FromUserId = fromUserId, Text = text }, ct);

    /// <summary>Queue many texts at once (benchmarks).</summary>
    public Task QueueTextsAsync(string botId, string fromUserId, int count, string textPrefix = "msg", CancellationToken ct = default) =>
        PostAsync<object>($"_sim/bots/{Esc(botId)}/messages/bulk", new SimBulkRequest { FromUserId = fromUserId, Count = count, TextPrefix = textPrefix }, ct);

    /// <summary>The users the bot knows (binder first), with names, send allowance and token age.</summary>
    public async Task<IReadOnlyList<SimUser>> UsersAsync(string botId, CancellationToken ct = default) =>
        await GetAsync<List<SimUser>>($"_sim/bots/{Esc(botId)}/users", ct).ConfigureAwait(false);

    /// <summary>Adds a simulated user by name (a new user id unless <paramref name="userId"/> is given; then it is renamed).</summary>
    public Task<SimUser> AddUserAsync(string botId, string name, string? userId = null, CancellationToken ct = default) =>
        PostAsync<SimUser>($"_sim/bots/{Esc(botId)}/users", new SimAddUserRequest { Name = name, UserId = userId }, ct);

    /// <summary>What the bot delivered, oldest first (optionally to one user).</summary>
    public async Task<IReadOnlyList<SimSentMessage>> SentAsync(string botId, string? toUserId = null, CancellationToken ct = default) =>
        await GetAsync<List<SimSentMessage>>($"_sim/bots/{Esc(botId)}/sent" + (toUserId == null ? "" : "?toUserId=" + Esc(toUserId)), ct).ConfigureAwait(false);

    /// <summary>
    /// The texts the bot sent to <paramref name="toUserId"/>, with each run of GENERATING (state 1) chunks joined to the
    /// FINISH chunk that ends it: what the user would read as whole messages.
    /// </summary>
    public async Task<IReadOnlyList<string>> SentTextsAsync(string botId, string toUserId, CancellationToken ct = default)
    {
        var texts = new List<string>();
        var pending = new System.Text.StringBuilder();
        var open = false;
        foreach (var m in await SentAsync(botId, toUserId, ct).ConfigureAwait(false))
        {
            if (m.Text == null || m.ItemType != 1) continue;
            pending.Append(m.Text);
            open = true;
            if (m.MessageState == 1) continue;
            texts.Add(pending.ToString());
            pending.Clear();
            open = false;
        }
        if (open) texts.Add(pending.ToString()); // an unfinished run is still shown
        return texts;
    }

    /// <summary>What the simulator accepted but silently dropped.</summary>
    public async Task<IReadOnlyList<SimDroppedMessage>> DroppedAsync(string botId, CancellationToken ct = default) =>
        await GetAsync<List<SimDroppedMessage>>($"_sim/bots/{Esc(botId)}/dropped", ct).ConfigureAwait(false);

    /// <summary>Remaining sends for a user (-1 = unlimited) and when the newest context token expires.</summary>
    public Task<SimAllowance> AllowanceAsync(string botId, string userId, CancellationToken ct = default) =>
        GetAsync<SimAllowance>($"_sim/bots/{Esc(botId)}/allowance?userId={Esc(userId)}", ct);

    /// <summary>Typing events (userId, status 1/2, time) the bot sent.</summary>
    public async Task<IReadOnlyList<(string UserId, int Status, DateTimeOffset At)>> TypingAsync(string botId, CancellationToken ct = default)
    {
        var events = await GetAsync<List<SimTypingEvent>>($"_sim/bots/{Esc(botId)}/typing", ct).ConfigureAwait(false);
        return events.Select(e => (e.UserId, e.Status, e.At)).ToList();
    }

    /// <summary>Server-side state of a bot: online (notifystart/stop), revoked, queue length.</summary>
    public Task<SimBotState> BotStateAsync(string botId, CancellationToken ct = default) =>
        GetAsync<SimBotState>($"_sim/bots/{Esc(botId)}", ct);

    /// <summary>Revoke the bot's token: every later call answers -14.</summary>
    public Task ExpireSessionAsync(string botId, CancellationToken ct = default) => PostAsync<object>($"_sim/bots/{Esc(botId)}/expire-session", null, ct);

    public Task InjectFaultAsync(SimFault fault, CancellationToken ct = default) =>
        PostAsync<object>("_sim/faults", new
        {
            endpoint = fault.Endpoint, kind = fault.Kind.ToString(), count = fault.Count, status = fault.Status,
            ret = fault.Ret, delayMs = fault.Delay.TotalMilliseconds,
        }, ct);

    public async Task ClearFaultsAsync(CancellationToken ct = default)
    {
        using var response = await _http.DeleteAsync(Url("_sim/faults"), ct).ConfigureAwait(false);
        await EnsureAsync(response).ConfigureAwait(false);
    }

    /// <summary>Move the simulator's clock (token lifetimes, QR TTL).</summary>
    public Task AdvanceClockAsync(TimeSpan by, CancellationToken ct = default) =>
        PostAsync<object>("_sim/clock/advance", new SimClockRequest { Ms = by.TotalMilliseconds }, ct);

    public Task<SimStats> StatsAsync(CancellationToken ct = default) => GetAsync<SimStats>("_sim/stats", ct);

    /// <summary>Zero the counters and strict-mode violations.</summary>
    public async Task ResetStatsAsync(CancellationToken ct = default)
    {
        using var response = await _http.DeleteAsync(Url("_sim/stats"), ct).ConfigureAwait(false);
        await EnsureAsync(response).ConfigureAwait(false);
    }

    private Uri Url(string relative) => new(_root, relative);

    private static string Esc(string s) => Uri.EscapeDataString(s);

    private async Task<T> GetAsync<T>(string relative, CancellationToken ct)
    {
        using var response = await _http.GetAsync(Url(relative), ct).ConfigureAwait(false);
        return await ReadAsync<T>(response, ct).ConfigureAwait(false);
    }

    private async Task<T> PostAsync<T>(string relative, object? body, CancellationToken ct)
    {
        using var content = JsonContent.Create(body ?? new { }, body?.GetType() ?? typeof(object), options: ControlJson.Options);
        await content.LoadIntoBufferAsync(ct).ConfigureAwait(false); // send a Content-Length, not chunks
        using var response = await _http.PostAsync(Url(relative), content, ct).ConfigureAwait(false);
        return await ReadAsync<T>(response, ct).ConfigureAwait(false);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        await EnsureAsync(response).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(ControlJson.Options, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("empty control API answer");
    }

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return;
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        throw new SimulatorControlException((int)response.StatusCode, text);
    }
}
