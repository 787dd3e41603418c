using System.Management.Automation;
using ClawBot.Module.Tests.Support;
using ClawBot.Simulator;
using ClawBot.Simulator.Control;

namespace ClawBot.Module.Tests;

/// <summary>
/// The delivery guarantees through the cmdlets (the core's MessageStreamTests pin them without PowerShell; the hard
/// kills are in ClawBot.Pwsh.Tests): a stop repeats nothing, a typo in -From consumes nothing, the send window is
/// shared between windows, a send stopped part-way says what went out, an outage is announced.
/// </summary>
public sealed class ExactlyOnceTests : ModuleTest
{
    internal override SimulatorOptions SimulatorOptions()
    {
        var o = base.SimulatorOptions();
        o.MaxBatchSize = 10;
        return o;
    }

    [Fact]
    public async Task A_stop_while_draining_a_backlog_repeats_nothing_and_loses_nothing()
    {
        var (bot, user) = Connect();
        await Control.QueueTextsAsync(bot, user, 120, "m");
        var seen = new List<string>();
        for (var stop = 0; stop < 6; stop++)
        {
            var handled = new System.Collections.Concurrent.ConcurrentQueue<string>();
            Ps.Set("handled", handled);
            var running = Ps.Begin("Receive-ClawMessage | ForEach-Object { $handled.Enqueue($_.Text); Start-Sleep -Milliseconds 3 }");
            while (handled.Count < 5 + stop * 3) await Task.Delay(1);
            await Task.Factory.StartNew(running.Stop, TaskCreationOptions.LongRunning).WaitAsync(TimeSpan.FromSeconds(60));
            seen.AddRange(handled);
        }
        var rest = Ps.Run("Receive-ClawMessage -Timeout 1");
        rest.AssertNoErrors();
        seen.AddRange(rest.Output.Select(o => (string)o.Properties["Text"].Value));

        Assert.Equal(Enumerable.Range(1, 120).Select(i => $"m{i}"), seen);
    }

    [Fact]
    public async Task A_mistyped_sender_in_From_is_refused_before_anything_is_consumed()
    {
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, user, "hi");
        Ps.Run($"Receive-ClawMessage -First 1 | Set-ClawContact -Alias boss").AssertNoErrors();
        await Control.ResetStatsAsync();
        await Control.QueueTextsAsync(bot, user, 5, "m");

        var typo = Ps.Run("Receive-ClawMessage -From 'bosss' -Timeout 3");

        var error = typo.Terminating?.ErrorRecord;
        Assert.Equal("ClawBot.ContactNotFound,ClawBot.Commands.ReceiveClawMessageCommand", error?.FullyQualifiedErrorId);
        Assert.Equal("bosss", error!.TargetObject);
        Assert.Equal(0, (await Control.StatsAsync()).RequestsByEndpoint.GetValueOrDefault("getupdates"));
        var later = Ps.Run("Receive-ClawMessage -From boss -First 5 -Timeout 30");
        later.AssertNoErrors();
        Assert.Equal(5, later.Output.Count);
    }

    [Fact]
    public async Task Sends_from_several_windows_add_up_and_the_last_one_fails_fast()
    {
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, user, "hi");
        Ps.Run("Receive-ClawMessage -First 1 | Out-Null").AssertNoErrors();
        var others = Enumerable.Range(0, 3).Select(_ => NewRunspace()).ToList();
        foreach (var ps in others) ps.Run("Connect-ClawBot").AssertNoErrors();

        Ps.Run("1..7 | ForEach-Object { \"main $_\" } | Send-ClawMessage").AssertNoErrors();
        var parallel = others.Select((ps, i) => Task.Factory.StartNew(() => ps.Run($"Send-ClawMessage 'window {i}'"), TaskCreationOptions.LongRunning)).ToList();
        foreach (var run in await Task.WhenAll(parallel)) run.AssertNoErrors();

        // Ten sent from four windows: the first window knows, without asking the service.
        var last = Ps.Run("(Get-ClawContact).SendsRemaining; Send-ClawMessage 'one too many'");
        Assert.Equal(0, last.Output.Single().BaseObject);
        Assert.Equal("ClawBot.SendWindowClosed,ClawBot.Commands.SendClawMessageCommand", last.Errors.Single().FullyQualifiedErrorId);
        Assert.Equal(10, (await Control.StatsAsync()).RequestsByEndpoint["sendmessage"]);
    }

    [Fact]
    public async Task A_window_that_did_not_receive_sees_the_contacts_another_one_received()
    {
        var (bot, _) = Connect();
        var quiet = NewRunspace();
        quiet.Run("Connect-ClawBot").AssertNoErrors();
        await Control.SendTextToBotAsync(bot, "carol@im.wechat", "hello from carol");
        Ps.Run("Receive-ClawMessage -First 1 | Out-Null").AssertNoErrors();
        var file = Path.Combine(StorePath, "..", "for-carol.txt");
        File.WriteAllText(file, "hi carol");
        quiet.Set("file", file);

        var run = quiet.Run("(Get-ClawContact carol@im.wechat).CanSend; Send-ClawFile -LiteralPath $file -To carol@im.wechat -PassThru");

        run.AssertNoErrors();
        Assert.True((bool)run.Output[0].BaseObject);
        Assert.Contains(await Control.SentAsync(bot), m => m.ToUserId == "carol@im.wechat" && m.FileName == "for-carol.txt");
    }

    [Fact]
    public async Task A_file_whose_upload_fails_sends_no_caption()
    {
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, user, "hi");
        Ps.Run("Receive-ClawMessage -First 1 | Out-Null").AssertNoErrors();
        await Control.InjectFaultAsync(new SimFault { Endpoint = "cdn-upload", Kind = SimFaultKind.Status, Status = 400 });
        var file = Path.Combine(StorePath, "..", "report.txt");
        File.WriteAllText(file, "numbers");
        Ps.Set("file", file);

        var run = Ps.Run("Send-ClawFile -LiteralPath $file -Caption 'the report'");

        Assert.Equal("ClawBot.CdnError", run.Errors.Single().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Empty(await Control.SentAsync(bot));
    }

    [Fact]
    public async Task Ctrl_C_during_a_long_send_says_what_reached_the_user_and_counts_it()
    {
        var host = new ScriptedHost();
        var ps = NewRunspace(host);
        var (bot, user) = Connect(ps);
        await Control.SendTextToBotAsync(bot, user, "hi");
        ps.Run("Receive-ClawMessage -First 1 | Out-Null").AssertNoErrors();
        ps.Run("Send-ClawMessage 'first'; Send-ClawMessage 'second'").AssertNoErrors();
        // The long message's first part is held by the service, so the stop lands while it is on its way; it is
        // answered within the grace, and counted; no other part starts.
        await Control.InjectFaultAsync(new SimFault { Endpoint = "sendmessage", Kind = SimFaultKind.Delay, Count = 1, Delay = TimeSpan.FromMilliseconds(800) });

        var running = ps.Begin("Send-ClawMessage ('x' * 4500)"); // five parts of at most 1000 characters
        while ((await Control.StatsAsync()).RequestsByEndpoint.GetValueOrDefault("sendmessage") < 3) await Task.Delay(5);
        var stopped = await Task.Factory.StartNew(running.Stop, TaskCreationOptions.LongRunning).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(stopped.Errors.Count == 0 && stopped.Terminating is null, string.Join("; ", stopped.Errors) + stopped.Terminating);

        var long_ = (await Control.SentAsync(bot)).Where(m => m.Text?.StartsWith("xxx", StringComparison.Ordinal) == true).ToList();
        Assert.Single(long_); // the held part was answered within the grace, then nothing more started
        var notice = Assert.Single(host.Written, w => w.Contains("was stopped", StringComparison.Ordinal));
        Assert.Equal($"Send-ClawMessage was stopped: part 1 of 5 reached {user}; part 2 of 5 to part 5 of 5 were not sent.", notice);
        Assert.Equal(10 - 2 - 1, ps.Run("(Get-ClawContact).SendsRemaining").Output.Single().BaseObject);
    }

    [Fact]
    public async Task An_outage_is_announced_once_and_its_end_once()
    {
        var (bot, user) = Connect();
        Ps.Run(FaultKit.Tune).AssertNoErrors();
        await Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Status, Status = 503, Count = 20 });
        await Control.SendTextToBotAsync(bot, user, "after the outage");

        var run = Ps.Run("Receive-ClawMessage -First 1");

        run.AssertNoErrors();
        Assert.Equal("after the outage", run.Output.Single().Properties["Text"].Value);
        Assert.Equal(2, run.Warnings.Count);
        Assert.StartsWith("The WeChat service has not answered the last 3 polls for 'default' (last: HTTP 503)", run.Warnings[0]);
        Assert.StartsWith("The WeChat service answers again for 'default'", run.Warnings[1]);
    }
}
