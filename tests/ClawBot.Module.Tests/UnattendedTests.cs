using System.Management.Automation;
using System.Text.Json;
using ClawBot.Module.Tests.Support;
using ClawBot.Simulator.Control;

namespace ClawBot.Module.Tests;

/// <summary>
/// Scripts nobody watches: use without a Connect step, tokens from secrets, headless binding, alerts that know their
/// window, and the smaller faults found the same way.
/// </summary>
public sealed class UnattendedTests : ModuleTest, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clawbot-unattended-").FullName;

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        Environment.SetEnvironmentVariable("CLAWBOT_PROFILE", null);
    }

    private async Task<(string Bot, string User)> BoundWithOwnerMessageAsync(string name = "default")
    {
        var (bot, user) = Connect(name: name);
        await Control.SendTextToBotAsync(bot, user, "hi");
        Ps.Run($"Receive-ClawMessage -Session (Get-ClawBot -Name {name}).Session -First 1 | Out-Null").AssertNoErrors();
        return (bot, user);
    }

    [Fact]
    public async Task A_fresh_runspace_with_a_stored_profile_sends_without_Connect()
    {
        var (bot, user) = await BoundWithOwnerMessageAsync();
        var starts = (await Control.BotStateAsync(bot)).NotifyStarts;
        var fresh = NewRunspace();

        var run = fresh.Run("Send-ClawMessage 'backup failed' -Verbose; (Get-ClawBot -Current).Name; (TabExpansion2 -inputScript 'Send-ClawMessage -To o9' -cursorColumn 23).CompletionMatches.CompletionText");

        run.AssertNoErrors();
        Assert.Contains(run.Verbose, v => v.StartsWith("No Connect-ClawBot in this session: using the stored profile 'default'", StringComparison.Ordinal));
        Assert.Equal(new object[] { "default", $"'{user}'" }, run.Output.Select(o => o.BaseObject));
        Assert.Contains(await Control.SentAsync(bot), m => m.ToUserId == user && m.Text == "backup failed");
        Assert.Equal(starts, (await Control.BotStateAsync(bot)).NotifyStarts); // the implicit use asks the service nothing more
    }

    [Fact]
    public void The_profile_used_by_default_can_be_named_by_variable_or_environment()
    {
        Connect(name: "home");
        Connect(name: "work");

        Assert.Equal("work", NewRunspace().Run("$ClawBotProfile = 'work'; (Get-ClawBot -Current).Name").Output.Single().BaseObject);
        Environment.SetEnvironmentVariable("CLAWBOT_PROFILE", "home");
        Assert.Equal("home", NewRunspace().Run("(Get-ClawBot -Current).Name").Output.Single().BaseObject);
        Assert.Equal("work", NewRunspace().Run("$ClawBotProfile = 'work'; (Get-ClawBot -Current).Name").Output.Single().BaseObject); // the variable wins
    }

    [Fact]
    public void With_no_stored_profile_NotConnected_names_both_ways_in()
    {
        var run = NewRunspace().Run("Send-ClawMessage 'hello'");

        var error = run.Terminating?.ErrorRecord;
        Assert.Equal("ClawBot.NotConnected,ClawBot.Commands.SendClawMessageCommand", error?.FullyQualifiedErrorId);
        Assert.Contains("no profile 'default' is stored", error!.Exception.Message);
        Assert.Contains("QR code", error.ErrorDetails.RecommendedAction);
        Assert.Contains("-Credential", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task A_credential_connects_keeping_the_token_in_memory_and_Save_stores_it()
    {
        var bot = await Control.CreateBotAsync();
        Ps.Set("bot", bot.BotId);
        Ps.Set("token", bot.BotToken);

        var run = Ps.Run("""
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
            $cred = [pscredential]::new($bot, (ConvertTo-SecureString $token -AsPlainText -Force))
            Connect-ClawBot -Name alerts -Credential $cred -UserId 'owner@im.wechat' -BaseUrl $SimBase -CdnBaseUrl $SimCdn -PassThru
            """);

        run.AssertNoErrors();
        Assert.Equal(bot.BotId, run.Output.Single().Properties["BotId"].Value);
        var file = Path.Combine(StorePath, "alerts.json");
        Assert.DoesNotContain(bot.BotToken, File.ReadAllText(file));
        Assert.All(run.AllText(), t => Assert.DoesNotContain(bot.BotToken, t));
        Assert.Equal(1, (await Control.BotStateAsync(bot.BotId)).NotifyStarts); // checked with one call

        // Another runspace has no token to use: it is told how to give it.
        var other = NewRunspace().Run("$ClawBotProfile = 'alerts'; Send-ClawMessage 'x'");
        Assert.Equal("ClawBot.NotConnected,ClawBot.Commands.SendClawMessageCommand", other.Terminating?.ErrorRecord.FullyQualifiedErrorId);
        Assert.Contains("keeps no bot token", other.Terminating!.ErrorRecord.Exception.Message);

        var saved = Ps.Run("Connect-ClawBot -Name alerts -Token (ConvertTo-SecureString $token -AsPlainText -Force) -Save");
        saved.AssertNoErrors();
        Assert.Contains(bot.BotToken, File.ReadAllText(file));
        var later = NewRunspace().Run("$ClawBotProfile = 'alerts'; (Get-ClawBot -Current).UserId");
        later.AssertNoErrors();
        Assert.Equal("owner@im.wechat", later.Output.Single().BaseObject);
    }

    [Fact]
    public async Task A_token_the_service_refuses_fails_with_its_own_id_and_stores_nothing()
    {
        var bot = await Control.CreateBotAsync();
        Ps.Set("bot", bot.BotId);

        var run = Ps.Run("Connect-ClawBot -Token (ConvertTo-SecureString 'not-the-token' -AsPlainText -Force) -BotId $bot -BaseUrl $SimBase -CdnBaseUrl $SimCdn");

        var error = run.Terminating?.ErrorRecord;
        Assert.Equal("ClawBot.InvalidToken,ClawBot.Commands.ConnectClawBotCommand", error?.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error!.CategoryInfo.Category);
        Assert.All(run.AllText(), t => Assert.DoesNotContain("not-the-token", t));
        Assert.False(File.Exists(Path.Combine(StorePath, "default.json")));
    }

    [Fact]
    public async Task A_token_for_a_profile_of_another_bot_needs_Force()
    {
        Connect();
        var other = await Control.CreateBotAsync();
        Ps.Set("other", other.BotId);
        Ps.Set("token", other.BotToken);

        var run = Ps.Run("Connect-ClawBot -Token (ConvertTo-SecureString $token -AsPlainText -Force) -BotId $other");

        Assert.Equal("ClawBot.ProfileInUse,ClawBot.Commands.ConnectClawBotCommand", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
        var forced = Ps.Run("Connect-ClawBot -Token (ConvertTo-SecureString $token -AsPlainText -Force) -BotId $other -BaseUrl $SimBase -Force -PassThru");
        forced.AssertNoErrors();
        Assert.Equal(other.BotId, forced.Output.Single().Properties["BotId"].Value);
    }

    [Fact]
    public async Task A_headless_host_with_no_profile_fails_at_once_naming_the_ways_in()
    {
        var run = NewHeadlessRunspace().Run("Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn");

        var error = run.Terminating?.ErrorRecord;
        Assert.Equal("ClawBot.InteractionRequired,ClawBot.Commands.ConnectClawBotCommand", error?.FullyQualifiedErrorId);
        Assert.Contains("-QrCodePath", error!.ErrorDetails.RecommendedAction);
        Assert.Contains("-Credential", error.ErrorDetails.RecommendedAction);
        Assert.Equal(0, (await Control.StatsAsync()).RequestsByEndpoint.GetValueOrDefault("get_bot_qrcode")); // no QR was even asked for
        Assert.DoesNotContain(run.Information, i => i.MessageData.ToString()!.Contains('\u2580'));
    }

    [Fact]
    public void A_headless_host_binds_with_a_QrCodePath_without_drawing_the_code()
    {
        var png = Path.Combine(_dir, "bind.png");
        var headless = NewHeadlessRunspace();
        headless.Set("png", png);

        var run = headless.Run("Connect-ClawBot -BaseUrl $SimBase -CdnBaseUrl $SimCdn -QrCodePath $png -Timeout 30");

        run.AssertNoErrors();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(png)[..4]);
        var line = Assert.Single(run.Information, i => i.MessageData.ToString()!.StartsWith("Scan the QR code in", StringComparison.Ordinal));
        Assert.Contains(png, line.MessageData.ToString());
        Assert.Contains("https://liteapp.weixin.qq.com/q/", line.MessageData.ToString());
        Assert.DoesNotContain(run.Information, i => i.MessageData.ToString()!.IndexOfAny(new[] { '\u2580', '\u2584', '\u2588', '\u001b' }) >= 0);
    }

    [Fact]
    public async Task Force_with_WhatIf_replaces_nothing()
    {
        Connect();
        var file = Path.Combine(StorePath, "default.json");
        var before = File.ReadAllBytes(file);

        var run = NewRunspace().Run("Connect-ClawBot -Force -WhatIf -BaseUrl $SimBase");

        run.AssertNoErrors();
        Assert.Equal(before, File.ReadAllBytes(file));
        Assert.Single(await Control.QrCodesAsync()); // only the first binding's
    }

    [Fact]
    public async Task An_alert_warns_once_when_the_window_is_nearly_spent()
    {
        var (bot, _) = await BoundWithOwnerMessageAsync();

        var first = Ps.Run("1..6 | ForEach-Object { \"alert $_\" } | Send-ClawMessage");
        var second = Ps.Run("1..2 | ForEach-Object { \"alert $_\" } | Send-ClawMessage; (Get-ClawContact).Window");
        var third = Ps.Run("Send-ClawMessage 'one more'");

        first.AssertNoErrors();
        Assert.Empty(first.Warnings); // 4 left
        second.AssertNoErrors();
        var warning = Assert.Single(second.Warnings); // once, although both sends left it nearly spent
        Assert.Contains("only 2 more messages can reach them", warning);
        Assert.Contains("Any message from them renews it", warning);
        Assert.Equal("NearlySpent", second.Output.Single().BaseObject);
        Assert.Contains("only 1 more message can reach them", Assert.Single(third.Warnings));
        Assert.Equal(9, (await Control.SentAsync(bot)).Count);
    }

    [Fact]
    public void A_wildcard_that_matches_nothing_is_an_error()
    {
        Connect();
        Ps.Set("dir", _dir);

        var run = Ps.Run("Send-ClawFile -Path (Join-Path $dir '*.nothing-like-this')");

        var error = Assert.Single(run.Errors);
        Assert.Equal("ClawBot.FileNotFound,ClawBot.Commands.SendClawFileCommand", error.FullyQualifiedErrorId);
        Assert.Contains("No file matches", error.ToString());
    }

    [Fact]
    public async Task Text_with_half_a_surrogate_pair_is_refused_not_changed()
    {
        var (bot, _) = await BoundWithOwnerMessageAsync();

        var run = Ps.Run("Send-ClawMessage \"before $([char]0xD800) after\"");

        var error = Assert.Single(run.Errors);
        Assert.Equal("ClawBot.InvalidArgument,ClawBot.Commands.SendClawMessageCommand", error.FullyQualifiedErrorId);
        Assert.Contains("U+D800 at position 8", error.ToString());
        Assert.Empty(await Control.SentAsync(bot));
    }

    [Fact]
    public void A_profile_folder_others_can_write_is_warned_about()
    {
        if (OperatingSystem.IsWindows()) return;
        Connect();
        File.SetUnixFileMode(StorePath, (UnixFileMode)0x1FF); // 0777, as a hand-made folder might be

        var run = NewRunspace().Run("Connect-ClawBot");

        run.AssertNoErrors();
        var warning = Assert.Single(run.Warnings);
        Assert.Contains("can be changed by other users (mode 777)", warning);
        Assert.Contains("chmod 700", warning);
    }

    [Fact]
    public void Set_ClawContact_refuses_a_user_not_in_the_contact_book()
    {
        Connect();

        var run = Ps.Run("Set-ClawContact -UserId 'stranger@im.wechat' -Alias boss");

        Assert.Equal("ClawBot.ContactNotFound,ClawBot.Commands.SetClawContactCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
        using var stored = JsonDocument.Parse(File.ReadAllText(Path.Combine(StorePath, "default.json")));
        Assert.False(stored.RootElement.GetProperty("contacts").TryGetProperty("stranger@im.wechat", out _));
    }

    [Fact]
    public async Task Connecting_with_a_token_under_WhatIf_calls_and_stores_nothing()
    {
        var bot = await Control.CreateBotAsync();
        Ps.Set("bot", bot.BotId);
        Ps.Set("token", bot.BotToken);

        var run = Ps.Run("Connect-ClawBot -Name alerts -Token (ConvertTo-SecureString $token -AsPlainText -Force) -BotId $bot -BaseUrl $SimBase -WhatIf");

        run.AssertNoErrors();
        Assert.False(File.Exists(Path.Combine(StorePath, "alerts.json")));
        Assert.Equal(0, (await Control.BotStateAsync(bot.BotId)).NotifyStarts);
    }

    [Fact]
    public void A_profile_name_from_the_variable_that_cannot_be_a_name_is_refused_as_such()
    {
        var run = NewRunspace().Run("$ClawBotProfile = 'prod bot'; Send-ClawMessage 'x'");

        Assert.Equal("ClawBot.InvalidProfileName,ClawBot.Commands.SendClawMessageCommand", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
    }
}
