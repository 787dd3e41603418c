using System.Management.Automation;
using System.Text.Json.Nodes;
using ClawBot.Module.Tests.Support;
using ClawBot.Simulator;
using ClawBot.Simulator.Control;

namespace ClawBot.Module.Tests;

/// <summary>Issue 5: the contact book, aliases, the send window, typing, several accounts.</summary>
public sealed class ContactTests : ModuleTest
{
    internal override SimulatorOptions SimulatorOptions()
    {
        var o = base.SimulatorOptions();
        o.SendAllowance = 10;
        return o;
    }

    private async Task<(string Bot, string User)> ConnectedWithInboundAsync(PsSession? ps = null, string name = "default")
    {
        ps ??= Ps;
        var (bot, user) = Connect(ps, name);
        await Control.SendTextToBotAsync(bot, user, "hi bot");
        ps.Run($"Receive-ClawMessage -Session (Get-ClawBot -Name {name}).Session -First 1 | Out-Null").AssertNoErrors();
        return (bot, user);
    }

    [Fact]
    public async Task ContactsAreListedAndAnAliasAddressesThem()
    {
        var (bot, user) = await ConnectedWithInboundAsync();
        var run = Ps.Run($"Set-ClawContact '{user}' -Alias ops-phone -PassThru; Get-ClawContact; Send-ClawMessage -To ops-phone 'via alias' -PassThru");
        run.AssertNoErrors();
        var contact = run.Output[0];
        Assert.Equal("ClawBot.Contact", contact.TypeNames[0]);
        Assert.Equal("ops-phone", contact.Properties["Alias"].Value);
        Assert.Equal(10, contact.Properties["SendsRemaining"].Value);
        Assert.True((bool)contact.Properties["CanSend"].Value);
        Assert.True((TimeSpan)contact.Properties["ContextTokenAge"].Value < TimeSpan.FromHours(1));
        Assert.Equal(10, run.Output[1].Properties["SendsRemaining"].Value); // listed before the send
        Assert.Equal(user, run.Output[2].Properties["To"].Value);
        Assert.Contains(await Control.SentAsync(bot), m => m.ToUserId == user && m.Text == "via alias");
        Assert.Equal(9, Ps.Run("(Get-ClawContact ops-phone).SendsRemaining").Output.Single().BaseObject);

        var completion = Ps.Run("(TabExpansion2 -inputScript 'Send-ClawMessage -To ops' -cursorColumn 24).CompletionMatches");
        Assert.Equal("ops-phone", Assert.Single(completion.Objects<CompletionResult>()).CompletionText);
    }

    [Fact]
    public async Task RepliesSentInsideTheReceivingPipelineCountAgainstTheAllowance()
    {
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, user, "status?");
        // The reply completes while the message is still being handed on (ForEach-Object runs it to its end).
        var run = Ps.Run("Receive-ClawMessage -First 1 | ForEach-Object { Send-ClawMessage -To $_.From -Text ('ack: ' + $_.Text) }; (Get-ClawContact).SendsRemaining");
        run.AssertNoErrors();
        Assert.Contains(await Control.SentAsync(bot), m => m.ToUserId == user && m.Text == "ack: status?");
        // The reply, sent while its message was still being handed on, counts against the allowance. (That the second
        // recording of the message does not reset the count is pinned in the core's ContactBookTests.)
        Assert.Equal(9, run.Output.Single().BaseObject);
    }

    [Fact]
    public async Task MessagesPassedOverByFromStillRenewTheirSendersContact()
    {
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, "bob@im.wechat", "from bob");
        await Control.SendTextToBotAsync(bot, user, "from me");
        var run = Ps.Run($"Receive-ClawMessage -From '{user}' -First 1 | Out-Null; (Get-ClawContact bob@im.wechat).CanSend");
        run.AssertNoErrors();
        Assert.True((bool)run.Output.Single().BaseObject);
    }

    [Fact]
    public async Task DisconnectWhatIfEndsNothing()
    {
        var (bot, _) = Connect();
        Ps.Run("Disconnect-ClawBot -WhatIf; Disconnect-ClawBot -Forget -WhatIf").AssertNoErrors();
        Assert.Equal(0, (await Control.BotStateAsync(bot)).NotifyStops);
        Assert.True(File.Exists(Path.Combine(StorePath, "default.json")));

        // Still connected: a real disconnect finds the session.
        Ps.Run("Disconnect-ClawBot").AssertNoErrors();
        Assert.Equal(1, (await Control.BotStateAsync(bot)).NotifyStops);
    }

    [Fact]
    public async Task AliasesAreCheckedAndClearable()
    {
        var (bot, user) = await ConnectedWithInboundAsync();
        await Control.SendTextToBotAsync(bot, "bob@im.wechat", "hello");
        Ps.Run("Receive-ClawMessage -First 1 | Out-Null").AssertNoErrors();

        var run = Ps.Run($"Set-ClawContact '{user}' -Alias boss; Set-ClawContact 'bob@im.wechat' -Alias boss; Set-ClawContact 'bob@im.wechat' -Alias 'a@b'; Set-ClawContact nobody -Alias x");
        Assert.Equal(new[] { "ClawBot.AliasInUse", "ClawBot.InvalidAlias", "ClawBot.ContactNotFound" },
            run.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        var clear = Ps.Run($"Set-ClawContact boss -Alias '' -PassThru");
        clear.AssertNoErrors();
        Assert.Null(clear.Output.Single().Properties["Alias"].Value);
        var after = Ps.Run($"Get-ClawContact '{user}' | ForEach-Object {{ \"[$($_.UserId)|$($_.Alias)]\" }}");
        Assert.Equal($"[{user}|]", string.Join(",", after.Output.Select(o => o.ToString())));
    }

    [Fact]
    public async Task TheBookListsNewestFirstByPatternWithoutTokens()
    {
        var (bot, user) = await ConnectedWithInboundAsync();
        await Control.SendTextToBotAsync(bot, "bob@im.wechat", "hello");
        Ps.Run("Receive-ClawMessage -First 1 | Out-Null").AssertNoErrors();

        var run = Ps.Run("Get-ClawContact; '|'; Get-ClawContact '*bob*'; Get-ClawContact nobody@im.wechat");
        var all = run.Output.TakeWhile(o => o.BaseObject is not string).ToList();
        Assert.Equal(new[] { "bob@im.wechat", user }, all.Select(c => (string)c.Properties["UserId"].Value));
        Assert.DoesNotContain(all[0].Properties, p => p.Name == "ContextToken");
        Assert.True((DateTimeOffset)all[0].Properties["WindowClosesAt"].Value > DateTimeOffset.Now.AddHours(23));
        Assert.Equal("bob@im.wechat", run.Output.SkipWhile(o => o.BaseObject is not string).Skip(1).Single().Properties["UserId"].Value);
        var error = Assert.Single(run.Errors);
        Assert.Equal("ClawBot.ContactNotFound,ClawBot.Commands.GetClawContactCommand", error.FullyQualifiedErrorId);
    }

    [Fact]
    public async Task APipedMessageNamesItsSenderWhatIfChangesNothingAndARemovedAliasStaysRemoved()
    {
        var (bot, _) = await ConnectedWithInboundAsync();
        await Control.SendTextToBotAsync(bot, "carol@im.wechat", "hi");
        Ps.Run("Receive-ClawMessage -First 1 | Set-ClawContact -Alias carol").AssertNoErrors();
        Assert.Equal("carol@im.wechat", Ps.Run("(Get-ClawContact carol).UserId").Output.Single().BaseObject);

        Ps.Run("Set-ClawContact carol -Alias builder -WhatIf").AssertNoErrors();
        Assert.Equal("carol", Ps.Run("(Get-ClawContact carol@im.wechat).Alias").Output.Single().BaseObject);

        Ps.Run("Set-ClawContact carol -Alias ''").AssertNoErrors();
        var later = NewRunspace().Run("Connect-ClawBot; \"[$((Get-ClawContact carol@im.wechat).Alias)]\"");
        later.AssertNoErrors();
        Assert.Equal("[]", later.Output.Single().BaseObject);
    }

    [Fact]
    public async Task TypingGoesByAliasNotWithWhatIfAndAStrangerFailsAlone()
    {
        var (bot, user) = await ConnectedWithInboundAsync();
        Ps.Run("Send-ClawTyping -WhatIf").AssertNoErrors();
        Assert.Empty(await Control.TypingAsync(bot));

        var run = Ps.Run($"Set-ClawContact '{user}' -Alias me; Send-ClawTyping me; Send-ClawTyping -To 'stranger@im.wechat', me");
        var error = Assert.Single(run.Errors);
        Assert.Equal("ClawBot.NoContextToken,ClawBot.Commands.SendClawTypingCommand", error.FullyQualifiedErrorId);
        Assert.Equal(new[] { user, user }, (await Control.TypingAsync(bot)).Select(t => t.UserId));
    }

    [Fact]
    public async Task TypingIsShownDuringAFileUpload()
    {
        var (bot, _) = await ConnectedWithInboundAsync();
        var file = Path.Combine(StorePath, "..", "upload.bin");
        File.WriteAllBytes(file, new byte[200_000]);
        Ps.Run($"Send-ClawFile -LiteralPath '{file}' -ShowTyping").AssertNoErrors();
        Assert.Contains(await Control.TypingAsync(bot), t => t.Status == 1);
        Assert.Equal("upload.bin", Assert.Single(await Control.SentAsync(bot)).FileName);
    }

    [Fact]
    public async Task UsedUpAllowanceFailsFastAndTheUsersNextMessageRenewsIt()
    {
        var (bot, user) = await ConnectedWithInboundAsync();
        var run = Ps.Run("1..11 | ForEach-Object { \"n$_\" } | Send-ClawMessage -PassThru");
        Assert.Equal(10, run.Output.Count);
        var error = Assert.Single(run.Errors);
        Assert.Equal("ClawBot.SendWindowClosed,ClawBot.Commands.SendClawMessageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        Assert.Contains("message", error.ErrorDetails.RecommendedAction);
        Assert.Equal(10, (await Control.StatsAsync()).RequestsByEndpoint["sendmessage"]); // the 11th spent no request

        await Control.SendTextToBotAsync(bot, user, "go on");
        Ps.Run("Receive-ClawMessage -First 1 | Out-Null").AssertNoErrors();
        Ps.Run("Send-ClawMessage 'n12'").AssertNoErrors();
        Assert.Equal(11, (await Control.SentAsync(bot)).Count);
    }

    [Fact]
    public async Task AnExpiredTokenFailsFast()
    {
        var (_, user) = await ConnectedWithInboundAsync();
        // Age the stored token by two days, as if the user last wrote then.
        var path = Path.Combine(StorePath, "default.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var contact in json["contacts"]!.AsObject()) contact.Value!["contextTokenReceivedAt"] = DateTimeOffset.UtcNow.AddDays(-2).ToString("O");
        File.WriteAllText(path, json.ToJsonString());

        var run = NewRunspace().Run($"Connect-ClawBot; Send-ClawMessage -To '{user}' 'late'; Get-ClawContact -CanSend");
        Assert.Equal("ClawBot.SendWindowClosed,ClawBot.Commands.SendClawMessageCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
        Assert.Contains("expired", run.Errors[0].ErrorDetails.Message);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task TypingStartsStopsAndWrapsASend()
    {
        var (bot, user) = await ConnectedWithInboundAsync();
        var run = Ps.Run("Send-ClawTyping; Send-ClawTyping -Stop; Send-ClawMessage 'done thinking' -ShowTyping");
        run.AssertNoErrors();
        var statuses = (await Control.TypingAsync(bot)).Select(t => t.Status).ToList();
        Assert.Equal(new[] { 1, 2, 1 }, statuses.Take(3)); // start, stop, then -ShowTyping's start (keep-alives may follow)
        Assert.Equal(2, statuses[^1]);                      // and its cancel once the message went out
        Assert.All(await Control.TypingAsync(bot), t => Assert.Equal(user, t.UserId));
        Assert.Contains(await Control.SentAsync(bot), m => m.Text == "done thinking");
    }

    [Fact]
    public async Task TwoAccountsInOneRunspaceMergeTheirStreams()
    {
        var (workBot, workUser) = await ConnectedWithInboundAsync(Ps, "work");
        var (homeBot, homeUser) = await ConnectedWithInboundAsync(Ps, "home");
        await Control.SendTextToBotAsync(workBot, workUser, "from work");
        await Control.SendTextToBotAsync(homeBot, homeUser, "from home");

        var run = Ps.Run("$a = (Get-ClawBot -Name work).Session; $b = (Get-ClawBot -Name home).Session; " +
                         "Receive-ClawMessage -Session $a, $b -First 2 | Send-ClawMessage -Text { 'ack ' + $_.Text } -PassThru");
        run.AssertNoErrors();
        Assert.Equal(2, run.Output.Count);
        Assert.Contains(await Control.SentAsync(workBot), m => m.ToUserId == workUser && m.Text == "ack from work");
        Assert.Contains(await Control.SentAsync(homeBot), m => m.ToUserId == homeUser && m.Text == "ack from home");
        Assert.Equal(new[] { "home", "work" }, run.Output.Select(o => ((dynamic)o.Properties["Session"].Value).Name as string).OrderBy(n => n));
    }
}
