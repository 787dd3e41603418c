using System.Management.Automation;
using System.Text.Json;
using ClawBot.Module.Tests.Support;
using ClawBot.Simulator;

namespace ClawBot.Module.Tests;

public sealed class ConnectTests : ModuleTest
{
    // QR codes wait for the test to scan and confirm them.
    internal override SimulatorOptions SimulatorOptions()
    {
        var o = base.SimulatorOptions();
        o.AutoConfirmAfter = null;
        return o;
    }

    /// <summary>Runs Connect-ClawBot and, each time it shows a QR code, lets <paramref name="onQr"/> act on the simulator.</summary>
    private PsRun ConnectWith(Func<int, string, Task> onQr, string extra = "")
    {
        var running = Ps.Begin($"Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn -PassThru {extra}");
        var shown = 0;
        var pending = new List<Task>();
        var seen = new HashSet<int>();
        var information = running.PowerShell.Streams.Information;
        void Handle(int index)
        {
            lock (seen) if (!seen.Add(index)) return;
            if (information[index].MessageData?.ToString()?.StartsWith("Scan this QR code", StringComparison.Ordinal) != true) return;
            var n = Interlocked.Increment(ref shown);
            lock (pending) pending.Add(Task.Run(async () =>
            {
                var qr = await Control.LatestQrAsync();
                await onQr(n, qr!.QrCode);
            }));
        }
        information.DataAdded += (_, e) => Handle(e.Index);
        // Records written before the handler was attached.
        for (var i = 0; i < information.Count; i++) Handle(i);
        var run = running.End();
        lock (pending) Task.WaitAll(pending.ToArray());
        return run;
    }

    [Fact]
    public void BindsByQrCodeEndToEnd()
    {
        var run = ConnectWith(async (_, qr) => { await Control.ScanAsync(qr); await Control.ConfirmAsync(qr); });

        run.AssertNoErrors();
        var session = run.Output.Single();
        Assert.Equal("ClawBot.Session", session.TypeNames[0]);
        Assert.EndsWith("@im.bot", (string)session.Properties["BotId"].Value);
        Assert.Contains("▀", run.HostText + "█▄"); // half blocks drawn
        Assert.Contains(run.Information, i => i.Tags.Contains("PSHOST") && i.MessageData.ToString()!.Contains('█'));
        Assert.Single(run.Information, i => i.MessageData.ToString()!.StartsWith("Scanned", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(StorePath, "default.json")));
    }

    [Fact]
    public void ExpiredCodeIsRefreshedAutomatically()
    {
        var run = ConnectWith(async (n, qr) =>
        {
            if (n == 1) { await Control.ExpireQrAsync(qr); return; }
            await Control.ScanAsync(qr);
            await Control.ConfirmAsync(qr);
        });

        run.AssertNoErrors();
        Assert.Single(run.Output);
        Assert.Equal(2, run.Information.Count(i => i.MessageData.ToString()!.StartsWith("Scan this QR code", StringComparison.Ordinal)));
    }

    [Fact]
    public void EveryCodeExpiringEndsWithQrExpired()
    {
        var run = ConnectWith((_, qr) => Control.ExpireQrAsync(qr));

        Assert.NotNull(run.Terminating);
        Assert.Equal("ClawBot.QrExpired,ClawBot.Commands.ConnectClawBotCommand", run.Terminating!.ErrorRecord.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, run.Terminating.ErrorRecord.CategoryInfo.Category);
        Assert.Equal(3, run.Information.Count(i => i.MessageData.ToString()!.StartsWith("Scan this QR code", StringComparison.Ordinal)));
        Assert.False(File.Exists(Path.Combine(StorePath, "default.json")));
    }

    [Fact]
    public void WritesThePngForHeadlessHosts()
    {
        var png = Path.Combine(Path.GetTempPath(), $"clawbot-qr-{Guid.NewGuid():n}.png");
        // A file everyone may read is already there: while the code is valid, whoever scans it takes the binding.
        File.WriteAllText(png, "an older file");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(png, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            var run = ConnectWith(async (_, qr) => { await Control.ScanAsync(qr); await Control.ConfirmAsync(qr); }, $"-QrCodePath '{png}'");
            run.AssertNoErrors();
            var bytes = File.ReadAllBytes(png);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes.Take(4));
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(png));
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileNameWithoutExtension(png)}.*.tmp"));
        }
        finally { File.Delete(png); }
    }

    [Fact]
    public void StoredProfileIsReusedWithoutQr()
    {
        ConnectWith(async (_, qr) => { await Control.ScanAsync(qr); await Control.ConfirmAsync(qr); }).AssertNoErrors();
        var first = (string)Ps.Run("(Get-ClawBot -Current).BotId").Output.Single().BaseObject;

        var other = NewRunspace();
        var run = other.Run("Connect-ClawBot -PassThru");
        run.AssertNoErrors();
        Assert.DoesNotContain(run.Information, i => i.MessageData.ToString()!.Contains("Scan this QR code"));
        Assert.Equal(first, (string)run.Output.Single().Properties["BotId"].Value);
    }

    [Fact]
    public void StoreIsOwnerOnly()
    {
        if (OperatingSystem.IsWindows()) return;
        ConnectWith(async (_, qr) => { await Control.ScanAsync(qr); await Control.ConfirmAsync(qr); }).AssertNoErrors();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(StorePath, "default.json")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(StorePath));
    }

    [Fact]
    public void SessionsArePerRunspace()
    {
        ConnectWith(async (_, qr) => { await Control.ScanAsync(qr); await Control.ConfirmAsync(qr); }).AssertNoErrors();

        // Another runspace uses the stored profile by itself, with a session of its own; ending it there ends nothing
        // here, and there, nothing is used by itself any more until Connect-ClawBot.
        var other = NewRunspace();
        var current = other.Run("(Get-ClawBot -Current -Verbose)");
        current.AssertNoErrors();
        Assert.Contains(current.Verbose, v => v.StartsWith("No Connect-ClawBot in this session: using the stored profile 'default'", StringComparison.Ordinal));
        Assert.NotSame(Ps.Run("Get-ClawBot -Current").Output.Single().BaseObject, current.Output.Single().BaseObject);
        other.Run("Disconnect-ClawBot").AssertNoErrors();

        Assert.True((bool)Ps.Run("(Get-ClawBot -Current).IsConnected").Output.Single().BaseObject);
        var run = other.Run("Send-ClawMessage 'hello'");
        Assert.Equal("ClawBot.NotConnected,ClawBot.Commands.SendClawMessageCommand", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
        Assert.Contains("Disconnect-ClawBot", run.Terminating!.ErrorRecord.Exception.Message);
        Assert.Contains("Connect-ClawBot", run.Terminating!.ErrorRecord.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void CorruptProfileIsReportedAndLeftUntouched()
    {
        Directory.CreateDirectory(StorePath);
        var file = Path.Combine(StorePath, "default.json");
        File.WriteAllText(file, "{ this is not json");

        var run = Ps.Run("Connect-ClawBot -BaseUrl $SimBase");
        Assert.Equal("ClawBot.ProfileCorrupt,ClawBot.Commands.ConnectClawBotCommand", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
        Assert.Equal("{ this is not json", File.ReadAllText(file));
    }

    [Theory]
    [InlineData("-Name '../escape'", "ClawBot.InvalidProfileName")]
    [InlineData("-BaseUrl 'http://example.com/'", "ClawBot.InsecureBaseUrl")]
    [InlineData("-BaseUrl garbage", "ClawBot.InvalidBaseUrl")]
    public void BadInputIsRefusedClearly(string args, string id)
    {
        var run = Ps.Run($"Connect-ClawBot {args}");
        Assert.Equal($"{id},ClawBot.Commands.ConnectClawBotCommand", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
    }

    [Fact]
    public async Task AHeadlessHostWithoutQrCodePathFailsAtOnce()
    {
        var run = NewHeadlessRunspace().Run("Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn");
        Assert.Equal("ClawBot.InteractionRequired,ClawBot.Commands.ConnectClawBotCommand", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
        Assert.Contains("-QrCodePath", run.Terminating!.ErrorRecord.ErrorDetails.RecommendedAction);
        Assert.Empty(await Control.QrCodesAsync()); // no code was even asked for
        Assert.False(File.Exists(Path.Combine(StorePath, "default.json")));
    }

    [Fact]
    public void A_QR_code_that_cannot_be_saved_is_an_error_and_the_line_offers_the_link_not_a_file()
    {
        var blocker = Path.Combine(Path.GetTempPath(), "clawbot-blocker-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(blocker, "a file, so no folder can be made under it");
        try
        {
            var run = NewHeadlessRunspace().Run($"Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn -QrCodePath '{blocker}/qr.png' -Timeout 1");
            var error = Assert.Single(run.Errors, e => e.FullyQualifiedErrorId.StartsWith("ClawBot.QrCodePathInvalid,", StringComparison.Ordinal));
            Assert.Contains($"'{blocker}/qr.png' cannot be written", error.Exception.Message);
            var line = Assert.Single(run.Information, i => i.MessageData.ToString()!.Contains("WeChat", StringComparison.Ordinal)).MessageData.ToString()!;
            Assert.StartsWith("No QR code file to scan (see the error above); open this link in WeChat to bind the bot: https://", line);
            Assert.Equal("ClawBot.QrLoginFailed,ClawBot.Commands.ConnectClawBotCommand", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Fact]
    public void GetAndDisconnectManageProfiles()
    {
        ConnectWith(async (_, qr) => { await Control.ScanAsync(qr); await Control.ConfirmAsync(qr); }).AssertNoErrors();

        var list = Ps.Run("Get-ClawBot");
        list.AssertNoErrors();
        var info = list.Output.Single();
        Assert.Equal("default", info.Properties["Name"].Value);
        Assert.True((bool)info.Properties["IsCurrent"].Value);

        Ps.Run("Disconnect-ClawBot -Forget").AssertNoErrors();
        Assert.False(File.Exists(Path.Combine(StorePath, "default.json")));
        Assert.Empty(Ps.Run("Get-ClawBot").Output);
        Assert.Equal("ClawBot.NotConnected,ClawBot.Commands.GetClawBotCommand", Ps.Run("Get-ClawBot -Current").Terminating?.ErrorRecord.FullyQualifiedErrorId);
        Assert.Equal("ClawBot.ProfileNotFound,ClawBot.Commands.GetClawBotCommand", Ps.Run("Get-ClawBot -Name nothere").Errors.Single().FullyQualifiedErrorId);
    }

    [Fact]
    public async Task VerificationCodeIsAskedOfTheUserAndAWrongOneAgain()
    {
        var host = new ScriptedHost();
        var ps = NewRunspace(host);
        var prompts = new List<string>();
        var confirmed = Task.CompletedTask;
        host.Prompted += prompt =>
        {
            lock (prompts) prompts.Add(prompt);
            if (prompts.Count == 1) { host.Lines.Add("1111"); return; }
            host.Lines.Add("4321");
            confirmed = Task.Run(async () =>
            {
                // Confirm once the simulator has accepted the right code (the client's next poll carries it).
                for (var i = 0; i < 400; i++)
                {
                    var qr = (await Control.LatestQrAsync())!;
                    if (qr.Status == "scaned") { await Control.ConfirmAsync(qr.QrCode); return; }
                    await Task.Delay(25);
                }
            });
        };

        var running = ps.Begin("Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn -PassThru");
        var run = await ScanWithVerifyCodeAsync(running, "4321");
        await confirmed;

        run.AssertNoErrors();
        Assert.Single(run.Output);
        Assert.Equal(2, prompts.Count);
        Assert.Contains("verification code", prompts[0]);
        Assert.Contains("wrong", prompts[1]);
    }

    [Fact]
    public async Task AHostThatCannotPromptGetsAClearError()
    {
        var running = Ps.Begin("Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn");
        var run = await ScanWithVerifyCodeAsync(running, "4321");

        Assert.Equal("ClawBot.QrLoginFailed,ClawBot.Commands.ConnectClawBotCommand", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
    }

    [Fact]
    public void BindingTheSameWeChatAccountTwiceIsExplained()
    {
        const string me = "same-person@im.wechat";
        ConnectWith(async (_, qr) => { await Control.ScanAsync(qr); await Control.ConfirmAsync(qr, me); }, "-Name home").AssertNoErrors();
        var second = ConnectWith(async (_, qr) => { await Control.ScanAsync(qr); await Control.ConfirmAsync(qr, me); }, "-Name work");

        second.AssertNoErrors();
        var warning = Assert.Single(second.Warnings);
        Assert.Contains("'home'", warning);
        Assert.Contains("same WeChat account", warning);
        Assert.Contains("Disconnect-ClawBot -Name home -Forget", warning);
    }

    [Fact]
    public async Task Binding_the_same_bot_again_keeps_its_place_in_the_stream()
    {
        var first = ConnectWith(async (_, qr) => { await Control.ScanAsync(qr); await Control.ConfirmAsync(qr); });
        first.AssertNoErrors();
        var bot = (string)first.Output.Single().Properties["BotId"].Value;
        var user = (string)first.Output.Single().Properties["UserId"].Value;
        await Control.QueueTextsAsync(bot, user, 30, "old");
        Assert.Equal(30, Ps.Run("Receive-ClawMessage -Timeout 1").Output.Count);

        // The service ends the session; the advice says what is known, not that re-binding is the only way.
        await Control.ExpireSessionAsync(bot);
        var ended = Ps.Run("Receive-ClawMessage -Timeout 1").Terminating?.ErrorRecord;
        Assert.Equal("ClawBot.SessionExpired,ClawBot.Commands.ReceiveClawMessageCommand", ended?.FullyQualifiedErrorId);
        Assert.Contains("ended the bot's session", ended!.Exception.Message);
        Assert.Contains("again later", ended.ErrorDetails.RecommendedAction);
        Assert.Contains("Connect-ClawBot -Force", ended.ErrorDetails.RecommendedAction);

        var again = ConnectWith(async (_, qr) => { await Control.ScanAsync(qr); await Control.ConfirmAsync(qr, user, sameBotAs: bot); }, "-Force");
        again.AssertNoErrors();
        Assert.Equal(bot, again.Output.Single().Properties["BotId"].Value);
        await Control.SendTextToBotAsync(bot, user, "new");

        var after = Ps.Run("Receive-ClawMessage -Timeout 1");
        after.AssertNoErrors();
        Assert.Equal(new[] { "new" }, after.Output.Select(o => o.Properties["Text"].Value));
    }

    [Fact]
    public async Task A_headless_host_gets_the_png_refreshed_in_place_and_one_line_per_code()
    {
        var png = Path.Combine(Path.GetTempPath(), $"clawbot-headless-{Guid.NewGuid():n}.png");
        var headless = NewHeadlessRunspace();
        headless.Set("png", png);
        try
        {
            var running = headless.Begin("Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn -QrCodePath $png -Timeout 120 -PassThru");
            var info = running.PowerShell.Streams.Information;
            async Task<string> LineAsync(int count)
            {
                while (info.Count(i => i.MessageData.ToString()!.Contains(png, StringComparison.Ordinal)) < count) await Task.Delay(10);
                return info.Last(i => i.MessageData.ToString()!.Contains(png, StringComparison.Ordinal)).MessageData.ToString()!;
            }

            var first = await LineAsync(1).WaitAsync(TimeSpan.FromSeconds(30));
            var firstPng = File.ReadAllBytes(png);
            var firstCode = (await Control.LatestQrAsync())!;
            await Control.ExpireQrAsync(firstCode.QrCode);
            var second = await LineAsync(2).WaitAsync(TimeSpan.FromSeconds(30));
            var code = (await Control.LatestQrAsync())!;
            await Control.ScanAsync(code.QrCode);
            await Control.ConfirmAsync(code.QrCode);
            var run = await Task.Run(running.End).WaitAsync(TimeSpan.FromSeconds(60));

            run.AssertNoErrors();
            Assert.Single(run.Output);
            Assert.Contains(firstCode.Content, first);
            Assert.StartsWith($"The QR code expired; {png} now holds a new one", second);
            Assert.Contains(code.Content, second);
            Assert.NotEqual(firstPng, File.ReadAllBytes(png)); // the same file, a new code
            Assert.DoesNotContain(run.Information, i => i.MessageData.ToString()!.IndexOfAny(new[] { '\u2580', '\u2584', '\u2588' }) >= 0);
            Assert.Equal(2, run.Information.Count(i => i.MessageData.ToString()!.Contains(png, StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public async Task AnErrorThatStopsTheCommandStopsItsLoginToo()
    {
        // Under $ErrorActionPreference = 'Stop', the QR code's save failure (written on the pipeline thread while the
        // login runs on the thread pool) ends the command; the login must end with it, not go on polling unseen.
        var blocker = Path.Combine(Path.GetTempPath(), "clawbot-blocker-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(blocker, "a file, so no folder can be made under it");
        try
        {
            var run = Ps.Run($"$ErrorActionPreference = 'Stop'; Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn -QrCodePath '{blocker}/qr.png'");
            Assert.NotNull(run.Terminating);
            Assert.Contains("ClawBot.QrCodePathInvalid", run.Terminating!.ErrorRecord.FullyQualifiedErrorId);

            // The status poll is held 300 ms here: a login still running would poll several times in 3 s. A poll
            // already on its way when the command ended may still land (once, in CI under load): let it, then count.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var polls = (await Control.StatsAsync()).RequestsByEndpoint.GetValueOrDefault("get_qrcode_status");
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(polls, (await Control.StatsAsync()).RequestsByEndpoint.GetValueOrDefault("get_qrcode_status"));
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    /// <summary>Once the running Connect-ClawBot shows its QR code: scan it and ask for <paramref name="digits"/>; then wait for the end.</summary>
    private async Task<PsRun> ScanWithVerifyCodeAsync(PsSession.Running running, string digits)
    {
        var shown = new TaskCompletionSource();
        var information = running.PowerShell.Streams.Information;
        void Check(int index)
        {
            if (information[index].MessageData?.ToString()?.StartsWith("Scan this QR code", StringComparison.Ordinal) == true) shown.TrySetResult();
        }
        information.DataAdded += (_, e) => Check(e.Index);
        // Records written before the handler was attached.
        for (var i = 0; i < information.Count; i++) Check(i);
        await shown.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var code = (await Control.LatestQrAsync())!.QrCode;
        await Control.ScanAsync(code);
        await Control.RequireVerifyCodeAsync(code, digits);
        return await Task.Run(running.End).WaitAsync(TimeSpan.FromSeconds(60));
    }
}
