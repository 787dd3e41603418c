using System.Management.Automation;
using ClawBot.Module.Tests.Support;

namespace ClawBot.Module.Tests;

public sealed class ReceiveTests : ModuleTest
{
    [Fact]
    public async Task StreamsEachMessageAsItArrives()
    {
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, user, "first");

        var running = Ps.Begin("Receive-ClawMessage -First 2");
        // The second message is only sent once the first came out of the pipeline: a cmdlet that waited for the
        // end of its run before writing would never see it.
        var firstOut = new TaskCompletionSource();
        running.Output.DataAdded += (_, _) => firstOut.TrySetResult();
        // It may have come out before the handler was attached.
        if (running.Output.Count > 0) firstOut.TrySetResult();
        await firstOut.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Control.SendTextToBotAsync(bot, user, "second");
        var run = running.End();

        run.AssertNoErrors();
        Assert.Equal(new[] { "first", "second" }, run.Output.Select(o => (string)o.Properties["Text"].Value));
        var message = run.Output[0];
        Assert.Equal("ClawBot.Message", message.TypeNames[0]);
        Assert.Equal(user, message.Properties["From"].Value);
        Assert.Equal("(hidden)", message.Properties["ContextToken"].Value.ToString());
    }

    [Fact]
    public async Task AFailingHandlerEndsTheStreamAndItsMessageComesAgain()
    {
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, user, "one");

        // -Timeout 600 once kept the command waiting for ten minutes after the script block threw; the wait below
        // only guards against that hang.
        var run = await Task.Run(() => Ps.Run("Receive-ClawMessage -Timeout 600 | ForEach-Object { throw 'handler failed' }"))
            .WaitAsync(TimeSpan.FromSeconds(120));
        Assert.NotNull(run.Terminating);

        // The handler never finished with it: it was not delivered, so it is not lost.
        var again = Ps.Run("Receive-ClawMessage -Timeout 1");
        again.AssertNoErrors();
        Assert.Equal(new[] { "one" }, again.Output.Select(o => (string)o.Properties["Text"].Value));
    }

    [Fact]
    public async Task EchoBotRepliesToEachSender()
    {
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, user, "hello");
        await Control.SendTextToBotAsync(bot, "alice@im.wechat", "hi there");

        var run = Ps.Run("Receive-ClawMessage -First 2 | Send-ClawMessage -Text { 'echo: ' + $_.Text }");
        run.AssertNoErrors();

        var sent = await Control.SentAsync(bot);
        Assert.Contains(sent, m => m.ToUserId == user && m.Text == "echo: hello");
        Assert.Contains(sent, m => m.ToUserId == "alice@im.wechat" && m.Text == "echo: hi there");
    }

    [Fact]
    public async Task RestartDeliversNothingTwice()
    {
        var (bot, user) = Connect();
        for (var i = 1; i <= 3; i++) await Control.SendTextToBotAsync(bot, user, $"m{i}");

        var first = Ps.Run("Receive-ClawMessage -First 2");
        first.AssertNoErrors();
        Assert.Equal(new[] { "m1", "m2" }, first.Output.Select(o => (string)o.Properties["Text"].Value));

        var restarted = NewRunspace();
        var second = restarted.Run("Connect-ClawBot; Receive-ClawMessage -Timeout 1");
        second.AssertNoErrors();
        Assert.Equal(new[] { "m3" }, second.Output.Select(o => (string)o.Properties["Text"].Value));

        var third = NewRunspace().Run("Connect-ClawBot; Receive-ClawMessage -Timeout 1");
        third.AssertNoErrors();
        Assert.Empty(third.Output);
    }

    [Fact]
    public async Task SelectObjectFirstRepeatsNothing()
    {
        var (bot, user) = Connect();
        for (var i = 1; i <= 5; i++) await Control.SendTextToBotAsync(bot, user, $"m{i}");

        var first = Ps.Run("Receive-ClawMessage | Select-Object -First 2");
        first.AssertNoErrors();
        Assert.Equal(new[] { "m1", "m2" }, first.Output.Select(o => (string)o.Properties["Text"].Value));
        var rest = Ps.Run("Receive-ClawMessage -Timeout 1");
        rest.AssertNoErrors();
        Assert.Equal(new[] { "m3", "m4", "m5" }, rest.Output.Select(o => (string)o.Properties["Text"].Value));
    }

    [Fact]
    public async Task StopDuringLongPollLosesNothing()
    {
        var (bot, user) = Connect();
        var running = Ps.Begin("Receive-ClawMessage");
        // Let it reach the long-poll, then press Ctrl-C.
        var polled = await WaitForPollAsync();
        Assert.True(polled);
        var stop = Task.Run(running.Stop);
        Assert.Same(stop, await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(30)))); // a hang guard, not a timing claim
        Assert.Empty((await stop).Output);

        await Control.SendTextToBotAsync(bot, user, "after stop");
        var run = Ps.Run("Receive-ClawMessage -First 1");
        run.AssertNoErrors();
        Assert.Equal("after stop", run.Output.Single().Properties["Text"].Value);
    }

    private async Task<bool> WaitForPollAsync()
    {
        for (var i = 0; i < 200; i++)
        {
            var stats = await Control.StatsAsync();
            if (stats.RequestsByEndpoint.TryGetValue("getupdates", out var n) && n > 0) return true;
            await Task.Delay(25);
        }
        return false;
    }

    [Fact]
    public async Task ExpiredSessionIsTerminatingWithTheWayOut()
    {
        var (bot, _) = Connect();
        await Control.ExpireSessionAsync(bot);

        var run = Ps.Run("Receive-ClawMessage -First 1");
        var error = run.Terminating?.ErrorRecord;
        Assert.Equal("ClawBot.SessionExpired,ClawBot.Commands.ReceiveClawMessageCommand", error?.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error!.CategoryInfo.Category);
        Assert.Contains("Connect-ClawBot -Force", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task FromFiltersSendersAndTimeoutEndsQuietly()
    {
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, "noise@im.wechat", "ignore me");
        await Control.SendTextToBotAsync(bot, user, "for you");

        var run = Ps.Run($"Receive-ClawMessage -From '{user}' -Timeout '1'"); // a numeric string is seconds too
        run.AssertNoErrors();
        Assert.Equal("for you", run.Output.Single().Properties["Text"].Value);
    }

    [Fact]
    public async Task ContactBookLetsALaterPushThrough()
    {
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, user, "ping");
        Ps.Run("Receive-ClawMessage -First 1 | Out-Null").AssertNoErrors();

        var later = NewRunspace();
        var run = later.Run($"Connect-ClawBot; Send-ClawMessage -To '{user}' -Text 'the nightly job failed' -PassThru");
        run.AssertNoErrors();
        Assert.Equal("ClawBot.SendReceipt", run.Output.Single().TypeNames[0]);
        Assert.Contains(await Control.SentAsync(bot), m => m.Text == "the nightly job failed");
    }
}
