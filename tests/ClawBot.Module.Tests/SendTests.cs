using System.Management.Automation;
using ClawBot.Module.Tests.Support;
using ClawBot.Simulator;

namespace ClawBot.Module.Tests;

public sealed class SendTests : ModuleTest
{
    internal override SimulatorOptions SimulatorOptions()
    {
        var o = base.SimulatorOptions();
        o.SendAllowance = 5;
        return o;
    }

    private async Task<(string Bot, string User)> ConnectedWithInboundAsync()
    {
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, user, "hi bot");
        Ps.Run("Receive-ClawMessage -First 1 | Out-Null").AssertNoErrors();
        return (bot, user);
    }

    [Fact]
    public async Task AForwardedMessageGoesWithTheRecipientsOwnToken()
    {
        // The owner has written to the bot; Alice writes; her message is forwarded to the owner. Her token anchors
        // (bot, Alice) only: the service refuses it for the owner.
        var (bot, owner) = await ConnectedWithInboundAsync();
        await Control.SendTextToBotAsync(bot, "alice@im.wechat", "can you call me?");
        var run = Ps.Run($"Receive-ClawMessage -First 1 | Send-ClawMessage -To '{owner}' -Text {{ $_.From + ': ' + $_.Text }} -PassThru");
        run.AssertNoErrors();
        var sent = Assert.Single(await Control.SentAsync(bot));
        Assert.Equal(owner, sent.ToUserId);
        Assert.Equal("alice@im.wechat: can you call me?", sent.Text);

        // Replying to the sender still uses the token her message carried.
        await Control.SendTextToBotAsync(bot, "alice@im.wechat", "thanks");
        Ps.Run("Receive-ClawMessage -First 1 | Send-ClawMessage -Text 'on my way'").AssertNoErrors();
        Assert.Contains(await Control.SentAsync(bot), m => m.ToUserId == "alice@im.wechat" && m.Text == "on my way");
    }

    [Fact]
    public async Task PipedTextGoesToTheOwnerByDefault()
    {
        var (bot, user) = await ConnectedWithInboundAsync();
        var run = Ps.Run("'disk full' | Send-ClawMessage");
        run.AssertNoErrors();
        var sent = Assert.Single(await Control.SentAsync(bot));
        Assert.Equal(user, sent.ToUserId);
        Assert.Equal("disk full", sent.Text);
    }

    [Fact]
    public async Task LongTextIsChunkedAndReceiptCountsParts()
    {
        var (bot, user) = await ConnectedWithInboundAsync();
        Ps.Set("long", string.Concat(Enumerable.Range(0, 250).Select(i => $"line {i:000}\n")));
        var run = Ps.Run($"Send-ClawMessage -To '{user}' -Text $long -PassThru");
        run.AssertNoErrors();
        var receipt = run.Output.Single();
        Assert.Equal(3, receipt.Properties["Parts"].Value);
        var sent = await Control.SentAsync(bot);
        Assert.Equal(3, sent.Count);
        Assert.Equal((string)Ps.Get("long")!, string.Concat(sent.Select(s => s.Text)));
        Assert.All(sent, s => Assert.True(s.Text!.Length <= 1000));
        Assert.Equal(3, sent.Select(s => s.ClientId).Distinct().Count());
    }

    [Fact]
    public async Task WhatIfSendsNothing()
    {
        var (bot, user) = await ConnectedWithInboundAsync();
        var run = Ps.Run($"Send-ClawMessage -To '{user}' -Text 'not really' -WhatIf -PassThru");
        run.AssertNoErrors();
        Assert.Empty(run.Output);
        Assert.Empty(await Control.SentAsync(bot));
    }

    [Fact]
    public async Task UnknownRecipientFailsAloneAndTheOthersStillGetIt()
    {
        var (bot, user) = await ConnectedWithInboundAsync();
        var run = Ps.Run($"Send-ClawMessage -To 'stranger@im.wechat','{user}' -Text 'status: ok'");
        Assert.Null(run.Terminating);
        var error = Assert.Single(run.Errors);
        Assert.Equal("ClawBot.NoContextToken,ClawBot.Commands.SendClawMessageCommand", error.FullyQualifiedErrorId);
        Assert.Equal("stranger@im.wechat", error.TargetObject);
        Assert.Equal(ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
        Assert.Single(await Control.SentAsync(bot), m => m.ToUserId == user);
    }

    [Fact]
    public async Task ServiceRefusalIsAnErrorNotASilentSuccess()
    {
        var (bot, user) = await ConnectedWithInboundAsync();
        var run = Ps.Run($"1..7 | ForEach-Object {{ \"n$_\" }} | Send-ClawMessage -To '{user}' -PassThru");
        Assert.Equal(5, run.Output.Count);
        // The first refusal is the service's answer; it closes the window in the contact book, so the next send fails
        // fast without spending a request.
        Assert.Equal(new[] { "ClawBot.ApiError", "ClawBot.SendWindowClosed" }, run.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal(5, (await Control.SentAsync(bot)).Count);
        Assert.Equal(6, (await Control.StatsAsync()).RequestsByEndpoint["sendmessage"]);
        Assert.Equal(0, Ps.Run("(Get-ClawContact).SendsRemaining").Output.Single().BaseObject);
    }

    [Fact]
    public async Task EmptyTextIsRefused()
    {
        await ConnectedWithInboundAsync();
        var run = Ps.Run("Send-ClawMessage -Text '   '");
        Assert.Equal("ClawBot.InvalidArgument,ClawBot.Commands.SendClawMessageCommand", run.Errors.Single().FullyQualifiedErrorId);
    }

    [Fact]
    public async Task VerboseShowsOneLinePerCallAndNoSecret()
    {
        var (bot, user) = await ConnectedWithInboundAsync();
        var run = Ps.Run($"Send-ClawMessage -To '{user}' -Text 'hello' -Verbose");
        run.AssertNoErrors();
        Assert.Contains(run.Verbose, v => v.StartsWith("POST /ilink/bot/sendmessage 200", StringComparison.Ordinal));
        Secrets.AssertNoneIn(StorePath, run.AllText());
    }

    [Fact]
    public async Task VerbosePreferenceShowsTheCallsAndTheDefaultShowsNone()
    {
        // The HTTP lines are only formatted and queued to the pipeline thread when verbose output is wanted: by the
        // preference variable as well as by -Verbose, and -Verbose:$false overrides the preference.
        var (_, user) = await ConnectedWithInboundAsync();
        var quiet = Ps.Run($"Send-ClawMessage -To '{user}' -Text 'one'");
        quiet.AssertNoErrors();
        Assert.Empty(quiet.Verbose);

        var byPreference = Ps.Run($"$VerbosePreference = 'Continue'; Send-ClawMessage -To '{user}' -Text 'two'");
        byPreference.AssertNoErrors();
        Assert.Contains(byPreference.Verbose, v => v.StartsWith("POST /ilink/bot/sendmessage 200", StringComparison.Ordinal));

        var overridden = Ps.Run($"$VerbosePreference = 'Continue'; Send-ClawMessage -To '{user}' -Text 'three' -Verbose:$false");
        overridden.AssertNoErrors();
        Assert.DoesNotContain(overridden.Verbose, v => v.StartsWith("POST ", StringComparison.Ordinal));
    }
}
