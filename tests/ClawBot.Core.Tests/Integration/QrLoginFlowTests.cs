using System.Threading.Channels;
using ClawBot.Core.Api;
using ClawBot.Core.Auth;
using ClawBot.Core.Errors;
using ClawBot.Core.Tests.Support;
using ClawBot.Simulator;

namespace ClawBot.Core.Tests.Integration;

/// <summary>PROTOCOL.md §3: every QR state through <see cref="QrLoginFlow"/> against the simulator.</summary>
public sealed class QrLoginFlowTests
{
    /// <summary>Turns observer callbacks into a stream of events a test can await.</summary>
    private sealed class Observer : IQrLoginObserver
    {
        public Channel<string> Events { get; } = Channel.CreateUnbounded<string>();
        public List<QrCodeTicket> Tickets { get; } = new();
        public Queue<string?> Codes { get; } = new();
        public List<bool> WrongFlags { get; } = new();
        public List<string> Hosts { get; } = new();
        public int Scans;

        public void QrCodeIssued(QrCodeTicket ticket, int number, int maxCodes)
        {
            lock (Tickets) Tickets.Add(ticket);
            Events.Writer.TryWrite($"issued:{number}/{maxCodes}");
        }

        public void Scanned() { Interlocked.Increment(ref Scans); Events.Writer.TryWrite("scanned"); }
        public void Expired(int number, int maxCodes) => Events.Writer.TryWrite($"expired:{number}");
        public void Redirected(string host) { Hosts.Add(host); Events.Writer.TryWrite("redirected"); }

        public Task<string?> RequestVerifyCodeAsync(bool previousWasWrong, CancellationToken cancellationToken)
        {
            WrongFlags.Add(previousWasWrong);
            Events.Writer.TryWrite("verify");
            return Task.FromResult(Codes.Count > 0 ? Codes.Dequeue() : null);
        }

        public async Task<string> NextAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            return await Events.Reader.ReadAsync(cts.Token);
        }

        public async Task WaitForAsync(string prefix)
        {
            while (!(await NextAsync()).StartsWith(prefix, StringComparison.Ordinal)) { }
        }

        public string LastCode { get { lock (Tickets) return Tickets[^1].QrCode; } }
    }

    private static (QrLoginFlow Flow, ILinkClient Client) Flow(SimulatorServer sim, Action<QrLoginOptions>? configure = null, RecordingLog? log = null)
    {
        var client = new ILinkClient(Sim.Options(sim, token: null, log));
        var options = new QrLoginOptions { PollInterval = TimeSpan.FromMilliseconds(5), StatusTimeout = TimeSpan.FromSeconds(5), Deadline = TimeSpan.FromSeconds(60) };
        configure?.Invoke(options);
        return (new QrLoginFlow(client, options), client);
    }

    [Fact]
    public async Task Wait_scanned_confirmed_gives_credentials_and_the_confirmed_base()
    {
        await using var sim = await Sim.StartAsync();
        var (flow, _) = Flow(sim);
        var observer = new Observer();
        var run = flow.RunAsync(observer, CancellationToken.None);

        Assert.Equal("issued:1/3", await observer.NextAsync());
        await sim.Control.ScanAsync(observer.LastCode);
        await observer.WaitForAsync("scanned");
        var bot = await sim.Control.ConfirmAsync(observer.LastCode, "o9xScanner@im.wechat");

        var result = await run;
        Assert.False(result.AlreadyBound);
        Assert.Equal(bot.BotToken, result.BotToken);
        Assert.Equal(bot.BotId, result.BotId);
        Assert.Equal("o9xScanner@im.wechat", result.UserId);
        Assert.Equal(sim.BaseUrl, result.BaseUrl);
        Assert.Equal(1, observer.Scans);
        Assert.Empty((await sim.Control.StatsAsync()).StrictViolations);
    }

    [Fact]
    public async Task Expired_code_is_refreshed_and_counts_toward_the_limit()
    {
        await using var sim = await Sim.StartAsync();
        var (flow, _) = Flow(sim);
        var observer = new Observer();
        var run = flow.RunAsync(observer, CancellationToken.None);

        await observer.WaitForAsync("issued:1");
        await sim.Control.ExpireQrAsync(observer.LastCode);
        Assert.Equal("expired:1", await observer.NextAsync());
        Assert.Equal("issued:2/3", await observer.NextAsync());
        await sim.Control.ScanAsync(observer.LastCode);
        await sim.Control.ConfirmAsync(observer.LastCode);
        Assert.NotNull((await run).BotToken);
    }

    [Fact]
    public async Task Too_many_expired_codes_end_the_login()
    {
        await using var sim = await Sim.StartAsync();
        var (flow, _) = Flow(sim, o => o.MaxQrCodes = 2);
        var observer = new Observer();
        var run = flow.RunAsync(observer, CancellationToken.None);

        await observer.WaitForAsync("issued:1");
        await sim.Control.ExpireQrAsync(observer.LastCode);
        await observer.WaitForAsync("issued:2");
        await sim.Control.ExpireQrAsync(observer.LastCode);
        var ex = await Assert.ThrowsAsync<QrLoginException>(() => run);
        Assert.Equal(QrLoginFailure.TooManyExpired, ex.Reason);
        Assert.Equal(2, (await sim.Control.QrCodesAsync()).Count);
    }

    [Fact]
    public async Task Scanned_but_redirect_moves_polling_to_the_redirect_host()
    {
        await using var sim = await Sim.StartAsync(o => o.PathPrefix = "/tenant");
        var (flow, _) = Flow(sim);
        var observer = new Observer();
        var run = flow.RunAsync(observer, CancellationToken.None);

        await observer.WaitForAsync("issued:1");
        var code = observer.LastCode;
        await sim.Control.RedirectQrAsync(code);
        await observer.WaitForAsync("redirected");
        await sim.Control.ScanAsync(code);
        await sim.Control.ConfirmAsync(code);
        Assert.NotNull((await run).BotId);
        Assert.Equal(sim.RootUrl.Authority, observer.Hosts.Single());
        var details = await sim.Control.QrDetailsAsync(code);
        Assert.Contains(details.PollHosts, h => h.Contains(sim.RootUrl.Authority));
    }

    [Fact]
    public async Task Need_verifycode_is_answered_at_once_and_a_wrong_code_is_detected()
    {
        await using var sim = await Sim.StartAsync();
        var (flow, _) = Flow(sim);
        var observer = new Observer();
        observer.Codes.Enqueue("000000");
        observer.Codes.Enqueue("424242");
        var run = flow.RunAsync(observer, CancellationToken.None);

        await observer.WaitForAsync("issued:1");
        var code = observer.LastCode;
        await sim.Control.RequireVerifyCodeAsync(code, "424242");
        await observer.WaitForAsync("verify");
        await observer.WaitForAsync("verify");
        await observer.WaitForAsync("scanned");
        await sim.Control.ConfirmAsync(code);
        Assert.NotNull((await run).BotToken);
        Assert.Equal(new[] { false, true }, observer.WrongFlags);
    }

    [Fact]
    public async Task Verify_code_blocked_fetches_a_new_code()
    {
        await using var sim = await Sim.StartAsync();
        var (flow, _) = Flow(sim);
        var observer = new Observer();
        for (var i = 0; i < 3; i++) observer.Codes.Enqueue("111111");
        var run = flow.RunAsync(observer, CancellationToken.None);

        await observer.WaitForAsync("issued:1");
        await sim.Control.RequireVerifyCodeAsync(observer.LastCode, "999999");
        await observer.WaitForAsync("issued:2");
        await sim.Control.ScanAsync(observer.LastCode);
        await sim.Control.ConfirmAsync(observer.LastCode);
        Assert.NotNull((await run).BotToken);
        Assert.Equal(new[] { false, true, true }, observer.WrongFlags);
    }

    [Fact]
    public async Task Verify_code_unavailable_ends_the_login()
    {
        await using var sim = await Sim.StartAsync();
        var (flow, _) = Flow(sim);
        var observer = new Observer();
        var run = flow.RunAsync(observer, CancellationToken.None);
        await observer.WaitForAsync("issued:1");
        await sim.Control.RequireVerifyCodeAsync(observer.LastCode, "123456");
        var ex = await Assert.ThrowsAsync<QrLoginException>(() => run);
        Assert.Equal(QrLoginFailure.VerifyCodeUnavailable, ex.Reason);
    }

    [Fact]
    public async Task Binded_redirect_is_already_bound()
    {
        await using var sim = await Sim.StartAsync();
        var existing = await sim.Control.CreateBotAsync();
        var (flow, _) = Flow(sim, o => o.LocalTokens = new[] { existing.BotToken });
        var observer = new Observer();
        var run = flow.RunAsync(observer, CancellationToken.None);
        await observer.WaitForAsync("issued:1");
        Assert.Equal(1, (await sim.Control.QrDetailsAsync(observer.LastCode)).LocalTokenCount);
        await sim.Control.ScanAsync(observer.LastCode);
        await sim.Control.ConfirmAsync(observer.LastCode, sameBotAs: existing.BotId);
        var result = await run;
        Assert.True(result.AlreadyBound);
        Assert.Null(result.BotToken);
    }

    [Fact]
    public async Task The_deadline_ends_the_login()
    {
        await using var sim = await Sim.StartAsync();
        var (flow, _) = Flow(sim, o => o.Deadline = TimeSpan.FromMilliseconds(300));
        var ex = await Assert.ThrowsAsync<QrLoginException>(() => flow.RunAsync(new Observer(), CancellationToken.None));
        Assert.Equal(QrLoginFailure.DeadlineExceeded, ex.Reason);
    }

    [Fact]
    public async Task Status_poll_failures_count_as_wait()
    {
        await using var sim = await Sim.StartAsync();
        var log = new RecordingLog();
        var (flow, _) = Flow(sim, o => o.StatusTimeout = TimeSpan.FromMilliseconds(300), log);
        await sim.Control.InjectFaultAsync(new() { Endpoint = "get_qrcode_status", Kind = Simulator.Control.SimFaultKind.Status, Status = 524, Count = 1 });
        await sim.Control.InjectFaultAsync(new() { Endpoint = "get_qrcode_status", Kind = Simulator.Control.SimFaultKind.Reset, Count = 1 });
        await sim.Control.InjectFaultAsync(new() { Endpoint = "get_qrcode_status", Kind = Simulator.Control.SimFaultKind.Malformed, Count = 1 });
        await sim.Control.InjectFaultAsync(new() { Endpoint = "get_qrcode_status", Kind = Simulator.Control.SimFaultKind.Delay, Delay = TimeSpan.FromSeconds(2), Count = 1 });
        var observer = new Observer();
        var run = flow.RunAsync(observer, CancellationToken.None);
        await observer.WaitForAsync("issued:1");
        await sim.Control.ScanAsync(observer.LastCode);
        await sim.Control.ConfirmAsync(observer.LastCode);
        Assert.NotNull((await run).BotToken);
        Assert.Contains(log.Calls, c => c.StatusCode == 524);
        Assert.Contains(log.Calls, c => c.Failure == "timeout");
        Assert.All(log.Calls, c => Assert.DoesNotContain("?", c.Path));
    }

    [Fact]
    public async Task A_failed_qr_fetch_ends_the_login()
    {
        await using var sim = await Sim.StartAsync();
        var (flow, _) = Flow(sim);
        await sim.Control.InjectFaultAsync(new() { Endpoint = "get_bot_qrcode", Kind = Simulator.Control.SimFaultKind.Status, Status = 503, Count = 10 });
        var ex = await Assert.ThrowsAsync<TransportException>(() => flow.RunAsync(new Observer(), CancellationToken.None));
        Assert.Equal(503, ex.StatusCode);
    }
}
