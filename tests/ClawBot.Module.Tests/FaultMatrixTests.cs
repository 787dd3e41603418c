using System.Collections.Concurrent;
using System.Management.Automation;
using System.Text.Json;
using ClawBot.Module.Tests.Support;
using ClawBot.Simulator;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.Messaging;
using Xunit.Abstractions;

namespace ClawBot.Module.Tests;

/// <summary>
/// The fault matrix of issue 6: each fault against Receive-ClawMessage, Send-ClawMessage or Send-ClawFile with a known
/// message set. Inbound: every message delivered downstream exactly once, in order per sender (after a restart where
/// the fault ends the command). Outbound: every message arrived exactly once or was reported as failed.
/// </summary>
public sealed class FaultMatrixTests : ModuleTest, IDisposable
{
    private const string Alice = "alice@im.wechat";
    private const string Bob = "bob@im.wechat";
    private const int Inbound = 8;

    private readonly ITestOutputHelper _out;
    private readonly string _dir = Directory.CreateTempSubdirectory("clawbot-matrix-").FullName;

    public FaultMatrixTests(ITestOutputHelper output) => _out = output;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal override SimulatorOptions SimulatorOptions()
    {
        var o = base.SimulatorOptions();
        o.MaxBatchSize = 3;   // several batches per run, so faults land mid-stream
        o.SendAllowance = 0;  // the allowance has its own tests; here it would only add noise
        return o;
    }

    // ---------- setup ----------

    private (string Bot, string User) Start(PsSession? ps = null)
    {
        ps ??= Ps;
        var ids = Connect(ps);
        ps.Run(FaultKit.Tune).AssertNoErrors();
        return ids;
    }

    /// <summary>A restarted script: a new runspace on the same stored profile.</summary>
    private PsSession Restart()
    {
        var ps = NewRunspace();
        ps.Run("$s = Connect-ClawBot -PassThru").AssertNoErrors();
        ps.Run(FaultKit.Tune).AssertNoErrors();
        return ps;
    }

    /// <summary>Alice and Bob write alternately: alice-1, bob-1, alice-2…</summary>
    private async Task<List<(string From, string Text)>> QueueInboundAsync(string bot, int count = Inbound, string tag = "")
    {
        var sent = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var from = i % 2 == 0 ? Alice : Bob;
            var text = $"{(from == Alice ? "alice" : "bob")}{tag}-{i / 2 + 1}";
            await Control.SendTextToBotAsync(bot, from, text);
            sent.Add((from, text));
        }
        return sent;
    }

    private async Task<string> OwnerCanBeWrittenToAsync(string bot, string user)
    {
        await Control.SendTextToBotAsync(bot, user, "hi bot");
        Ps.Run("Receive-ClawMessage -First 1 | Out-Null").AssertNoErrors();
        return user;
    }

    private Task Inject(string endpoint, SimFaultKind kind, int count = 1, int status = 500, TimeSpan delay = default) =>
        Control.InjectFaultAsync(new SimFault { Endpoint = endpoint, Kind = kind, Count = count, Status = status, Delay = delay });

    // ---------- tallies ----------

    private MatrixRow TallyInbound(string fault, List<(string From, string Text)> expected, List<(string From, string Text)> delivered, string note = "")
    {
        var lost = expected.Count(e => !delivered.Contains(e));
        var duplicated = delivered.GroupBy(d => d).Sum(g => g.Count() - 1);
        AssertInOrder(fault, expected, delivered);
        return Record(new MatrixRow(fault, "in", expected.Count, lost, duplicated, 0, note));
    }

    private static void AssertInOrder(string fault, List<(string From, string Text)> expected, List<(string From, string Text)> delivered)
    {
        foreach (var sender in new[] { Alice, Bob })
        {
            var want = expected.Where(e => e.From == sender).Select(e => e.Text).ToList();
            var got = delivered.Where(d => d.From == sender).Select(d => d.Text).Distinct().ToList();
            Assert.True(got.Where(want.Contains).SequenceEqual(want.Where(got.Contains)), $"{fault}: {sender}'s messages out of order: {string.Join(",", got)}");
        }
    }

    private async Task<MatrixRow> TallyOutboundAsync(string fault, string bot, IReadOnlyList<string> texts, PsRun run, string note = "")
    {
        var sent = await Control.SentAsync(bot);
        var arrivals = texts.Select(t => sent.Count(s => s.Text == t || s.FileName == t)).ToList();
        var missing = arrivals.Count(a => a == 0);
        // A terminating error reports the command as failed: whatever it had not sent yet is reported with it.
        var failed = run.Terminating is null ? run.Errors.Count : missing;
        var row = new MatrixRow(fault, "out", texts.Count, Math.Max(0, missing - failed), arrivals.Sum(a => Math.Max(0, a - 1)), failed, note);
        // A failure reported for a message that did arrive would make a script send it again.
        Assert.True(failed <= missing, $"{fault}: {failed} failures reported but only {missing} messages missing");
        return Record(row);
    }

    private MatrixRow Record(MatrixRow row)
    {
        Matrix.Add(row);
        _out.WriteLine(Matrix.Table());
        Assert.True(row.Lost == 0 && row.Duplicated == 0, $"{row.Fault}: lost {row.Lost}, duplicated {row.Duplicated}");
        return row;
    }

    // ---------- inbound: faults the receive loop rides out ----------

    public static IEnumerable<object[]> ReceiveFaults() => new[]
    {
        new object[] { "getupdates 500 x2 (within the retry budget)", SimFaultKind.Status, 2, 500, 0 },
        new object[] { "getupdates 502 x6 (past the retry budget)", SimFaultKind.Status, 6, 502, 0 },
        new object[] { "getupdates 503 x12 (long storm)", SimFaultKind.Status, 12, 503, 0 },
        new object[] { "getupdates 524 x3", SimFaultKind.Status, 3, 524, 0 },
        new object[] { "getupdates connection reset x3", SimFaultKind.Reset, 3, 0, 0 },
        new object[] { "getupdates closed mid-response x3", SimFaultKind.Truncate, 3, 0, 0 },
        new object[] { "getupdates answer lost after handling x2", SimFaultKind.LoseResponse, 2, 0, 0 },
        new object[] { "getupdates malformed JSON x2", SimFaultKind.Malformed, 2, 0, 0 },
        new object[] { "getupdates HTML error page x2", SimFaultKind.Html, 2, 0, 0 },
        new object[] { "getupdates held past the client timeout", SimFaultKind.Delay, 1, 0, 3000 },
        new object[] { "getupdates ret -1 business error x2", SimFaultKind.ApiError, 2, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(ReceiveFaults))]
    public async Task Receive_rides_out(string fault, SimFaultKind kind, int count, int status, int delayMs)
    {
        var (bot, _) = Start();
        var expected = await QueueInboundAsync(bot);
        await Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = kind, Count = count, Status = status, Delay = TimeSpan.FromMilliseconds(delayMs), Ret = -1 });

        var run = Ps.Run($"Receive-ClawMessage -First {Inbound} -Timeout 30");
        run.AssertNoErrors();
        var delivered = FaultKit.Messages(run.Output);
        // A restarted script gets nothing again.
        var again = Restart().Run("Receive-ClawMessage -Timeout 1");
        again.AssertNoErrors();
        delivered.AddRange(FaultKit.Messages(again.Output));
        TallyInbound(fault, expected, delivered);
    }

    [Fact]
    public async Task Receive_session_expired_mid_stream_is_terminating_and_the_restart_gets_the_rest()
    {
        var (bot, _) = Start();
        var expected = await QueueInboundAsync(bot);
        var running = Ps.Begin("Receive-ClawMessage -Timeout 30");
        await FaultKit.AtLeastAsync(running.Output, 2);
        await Inject("getupdates", SimFaultKind.SessionExpired);
        var run = await Task.Factory.StartNew(running.End, TaskCreationOptions.LongRunning).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("ClawBot.SessionExpired,ClawBot.Commands.ReceiveClawMessageCommand", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
        var delivered = FaultKit.Messages(run.Output);
        var rest = Restart().Run("Receive-ClawMessage -Timeout 1");
        rest.AssertNoErrors();
        delivered.AddRange(FaultKit.Messages(rest.Output));
        TallyInbound("getupdates -14 mid-stream, then restart", expected, delivered, $"{run.Output.Count} before -14");
    }

    [Fact]
    public async Task Receive_stopped_mid_batch_then_restarted()
    {
        var (bot, _) = Start();
        var expected = await QueueInboundAsync(bot);
        // The first batch is 3 messages; Ctrl-C once 2 of them are out.
        var running = Ps.Begin("Receive-ClawMessage");
        await FaultKit.AtLeastAsync(running.Output, 2);
        var stopped = await Task.Factory.StartNew(running.Stop, TaskCreationOptions.LongRunning).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Null(stopped.Terminating);
        var delivered = FaultKit.Messages(stopped.Output);

        var rest = Restart().Run("Receive-ClawMessage -Timeout 1");
        rest.AssertNoErrors();
        delivered.AddRange(FaultKit.Messages(rest.Output));
        TallyInbound("PowerShell.Stop() mid-batch, then restart", expected, delivered, $"{stopped.Output.Count} before Stop()");
    }

    [Fact]
    public async Task Receive_runspace_disposed_without_cleanup_then_a_new_one()
    {
        var (bot, _) = Start();
        var expected = await QueueInboundAsync(bot);
        var host = NewRunspace();
        host.Run("$s = Connect-ClawBot -PassThru").AssertNoErrors();
        host.Run(FaultKit.Tune).AssertNoErrors();
        var running = host.Begin("Receive-ClawMessage");
        await FaultKit.AtLeastAsync(running.Output, 2);
        // The host goes away: no Stop(), no EndInvoke, the runspace is simply disposed.
        await Task.Factory.StartNew(() => host.Runspace.Dispose(), TaskCreationOptions.LongRunning).WaitAsync(TimeSpan.FromSeconds(60));
        var delivered = FaultKit.Messages(running.Output.ToList());

        var rest = Restart().Run("Receive-ClawMessage -Timeout 1");
        rest.AssertNoErrors();
        delivered.AddRange(FaultKit.Messages(rest.Output));
        TallyInbound("runspace disposed without cleanup, then a new one", expected, delivered, $"{running.Output.Count} before dispose");
    }

    [Fact]
    public async Task A_second_receiver_on_one_profile_is_refused_at_once_and_may_still_send()
    {
        var (bot, _) = Start();
        // Alice is known before the first window starts receiving: a contact the other window may write to.
        await Control.SendTextToBotAsync(bot, Alice, "hi");
        Ps.Run("Receive-ClawMessage -First 1 | Out-Null").AssertNoErrors();
        var second = Restart();
        var expected = await QueueInboundAsync(bot, 24);

        var one = Ps.Begin("Receive-ClawMessage -Timeout 2");
        await FaultKit.AtLeastAsync(one.Output, 1);
        var refused = second.Run("Receive-ClawMessage -Timeout 2");
        var sent = second.Run("Send-ClawMessage -To 'alice@im.wechat' -Text 'from two'");
        var a = FaultKit.Messages((await Task.Factory.StartNew(one.End, TaskCreationOptions.LongRunning).WaitAsync(TimeSpan.FromSeconds(60))).Output);

        // The second window never saw a part of the stream: it was refused before receiving anything.
        Assert.Equal("ClawBot.AlreadyReceiving,ClawBot.Commands.ReceiveClawMessageCommand", refused.Terminating?.ErrorRecord.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceBusy, refused.Terminating!.ErrorRecord.CategoryInfo.Category);
        Assert.Empty(refused.Output);
        sent.AssertNoErrors();
        Assert.Contains(await Control.SentAsync(bot), m => m.Text == "from two");
        // The first one got everything, once, in order.
        TallyInbound("a second receiver refused while the first receives", expected, a, $"A {a.Count}; B refused");
        // Once the first ends, the lock is free: the second receives, and nothing is left to repeat.
        var after = second.Run("Receive-ClawMessage -Timeout 1");
        after.AssertNoErrors();
        Assert.Empty(after.Output);
    }

    // ---------- outbound ----------

    public static IEnumerable<object[]> SendFaults() => new[]
    {
        new object[] { "sendmessage 500 x2 (within the retry budget)", SimFaultKind.Status, 2, 500, 0 },
        new object[] { "sendmessage 503 x8 (past the retry budget)", SimFaultKind.Status, 8, 503, 0 },
        new object[] { "sendmessage 502 x5", SimFaultKind.Status, 5, 502, 0 },
        new object[] { "sendmessage connection reset x2", SimFaultKind.Reset, 2, 0, 0 },
        new object[] { "sendmessage closed mid-response x1", SimFaultKind.Truncate, 1, 0, 0 },
        new object[] { "sendmessage answer lost, retried (same client_id)", SimFaultKind.LoseResponse, 2, 0, 0 },
        new object[] { "sendmessage held past the client timeout", SimFaultKind.Delay, 1, 0, 3000 },
        new object[] { "sendmessage malformed answer x1", SimFaultKind.Malformed, 1, 0, 0 },
        new object[] { "sendmessage -14", SimFaultKind.SessionExpired, 1, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(SendFaults))]
    public async Task Send_text_under(string fault, SimFaultKind kind, int count, int status, int delayMs)
    {
        var (bot, user) = Start();
        await OwnerCanBeWrittenToAsync(bot, user);
        var texts = Enumerable.Range(1, 5).Select(i => $"out-{i}").ToList();
        await Control.InjectFaultAsync(new SimFault { Endpoint = "sendmessage", Kind = kind, Count = count, Status = status, Delay = TimeSpan.FromMilliseconds(delayMs) });

        var run = Ps.Run("'out-1','out-2','out-3','out-4','out-5' | Send-ClawMessage -PassThru");
        var row = await TallyOutboundAsync(fault, bot, texts, run);
        if (kind == SimFaultKind.LoseResponse)
        {
            // The service saw the retry and dropped it as a repeat: the user got each message once.
            Assert.Equal(count, (await Control.DroppedAsync(bot)).Count);
        }
        if (kind == SimFaultKind.SessionExpired)
            Assert.Equal("ClawBot.SessionExpired,ClawBot.Commands.SendClawMessageCommand", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
        Assert.Equal(texts.Count - row.ReportedFailed, run.Output.Count);
    }

    public static IEnumerable<object[]> FileFaults() => new[]
    {
        new object[] { "getuploadurl 500 x2", "getuploadurl", SimFaultKind.Status, 2, 500, 0 },
        new object[] { "getuploadurl 503 x8 (past the retry budget)", "getuploadurl", SimFaultKind.Status, 8, 503, 0 },
        new object[] { "getuploadurl connection reset x1", "getuploadurl", SimFaultKind.Reset, 1, 0, 0 },
        new object[] { "CDN upload without x-encrypted-param x1", "cdn-upload", SimFaultKind.NoEncryptedParam, 1, 0, 0 },
        new object[] { "CDN upload without x-encrypted-param x3 (every try)", "cdn-upload", SimFaultKind.NoEncryptedParam, 3, 0, 0 },
        new object[] { "CDN upload 500 x2", "cdn-upload", SimFaultKind.Status, 2, 500, 0 },
        new object[] { "CDN upload 400 (not retried)", "cdn-upload", SimFaultKind.Status, 1, 400, 0 },
        new object[] { "slow CDN (1.2 s per upload)", "cdn-upload", SimFaultKind.Delay, 3, 0, 1200 },
        new object[] { "sendmessage after upload: answer lost", "sendmessage", SimFaultKind.LoseResponse, 1, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(FileFaults))]
    public async Task Send_files_under(string fault, string endpoint, SimFaultKind kind, int count, int status, int delayMs)
    {
        var (bot, user) = Start();
        await OwnerCanBeWrittenToAsync(bot, user);
        var names = new[] { "a.bin", "b.bin", "c.bin" };
        foreach (var n in names) File.WriteAllBytes(Path.Combine(_dir, n), Enumerable.Range(0, 5000 + n[0]).Select(i => (byte)i).ToArray());
        Ps.Set("files", names.Select(n => Path.Combine(_dir, n)).ToArray());
        await Control.InjectFaultAsync(new SimFault { Endpoint = endpoint, Kind = kind, Count = count, Status = status, Delay = TimeSpan.FromMilliseconds(delayMs) });

        var run = Ps.Run("Send-ClawFile -LiteralPath $files -PassThru");
        Assert.Null(run.Terminating);
        var row = await TallyOutboundAsync(fault, bot, names, run);
        Assert.Equal(names.Length - row.ReportedFailed, run.Output.Count);
        Assert.All(run.Errors, e => Assert.StartsWith("ClawBot.", e.FullyQualifiedErrorId));
    }

    [Fact]
    public async Task Send_stopped_mid_batch()
    {
        var (bot, user) = Start();
        await OwnerCanBeWrittenToAsync(bot, user);
        await Inject("sendmessage", SimFaultKind.Delay, 1, delay: TimeSpan.FromMilliseconds(200));
        await Inject("sendmessage", SimFaultKind.Delay, 1, delay: TimeSpan.FromMilliseconds(200));
        await Inject("sendmessage", SimFaultKind.Delay, 5, delay: TimeSpan.FromSeconds(20));
        var texts = Enumerable.Range(1, 6).Select(i => $"batch-{i}").ToList();
        var running = Ps.Begin("'batch-1','batch-2','batch-3','batch-4','batch-5','batch-6' | Send-ClawMessage -PassThru");
        await FaultKit.AtLeastAsync(running.Output, 2);
        var run = await Task.Factory.StartNew(running.Stop, TaskCreationOptions.LongRunning).WaitAsync(TimeSpan.FromSeconds(60));

        var sent = await Control.SentAsync(bot);
        var arrivals = texts.Select(t => sent.Count(s => s.Text == t)).ToList();
        Assert.All(arrivals, a => Assert.InRange(a, 0, 1));
        // What the script saw as sent (a receipt) is exactly what arrived; the rest was never sent, and the user
        // pressed Ctrl-C, so nothing is reported as failed.
        var receipts = run.Output.Count;
        Assert.Equal(receipts, arrivals.Count(a => a == 1));
        Record(new MatrixRow("PowerShell.Stop() mid-batch (sends)", "out", texts.Count, 0, arrivals.Sum(a => Math.Max(0, a - 1)), 0,
            $"{receipts} sent before Stop(), {texts.Count - receipts} not sent (stopped)"));

        // And sending again afterwards works, once.
        await Control.ClearFaultsAsync();
        var again = Ps.Run("Send-ClawMessage -Text 'after stop'");
        again.AssertNoErrors();
        Assert.Single(await Control.SentAsync(bot), s => s.Text == "after stop");
    }

    [Fact]
    public async Task Send_file_stopped_mid_upload()
    {
        var (bot, user) = Start();
        await OwnerCanBeWrittenToAsync(bot, user);
        var file = Path.Combine(_dir, "big.bin");
        File.WriteAllBytes(file, new byte[300_000]);
        Ps.Set("file", file);
        await Inject("cdn-upload", SimFaultKind.Delay, 1, delay: TimeSpan.FromSeconds(30));
        var running = Ps.Begin("Send-ClawFile -LiteralPath $file -Caption 'the big one' -PassThru");
        // Stop once the upload is in flight at the CDN.
        for (var i = 0; i < 2000 && (await Control.StatsAsync()).RequestsByEndpoint.GetValueOrDefault("cdn-upload") == 0; i++) await Task.Delay(10);
        var run = await Task.Factory.StartNew(running.Stop, TaskCreationOptions.LongRunning).WaitAsync(TimeSpan.FromSeconds(60));

        var sent = await Control.SentAsync(bot);
        Assert.Empty(run.Output);
        // The upload comes first: stopped during it, nothing at all reached the user, not even the caption.
        Assert.Empty(sent);

        var again = Ps.Run("Send-ClawFile -LiteralPath $file -PassThru");
        again.AssertNoErrors();
        Assert.Single(await Control.SentAsync(bot), s => s.FileName == "big.bin");
        Record(new MatrixRow("PowerShell.Stop() mid-upload, then sent again", "out", 1, 0, 0, 0, "nothing sent (upload first); the file once on the retry"));
    }
}
