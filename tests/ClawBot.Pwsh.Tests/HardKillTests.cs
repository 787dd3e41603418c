using System.Diagnostics;
using ClawBot.Pwsh.Tests.Support;
using Xunit.Abstractions;

namespace ClawBot.Pwsh.Tests;

/// <summary>
/// An unattended receiver killed hard (SIGKILL) again and again while it drains a backlog into a log, as a crashing
/// host or `kill -9` would: nothing may be lost, and each kill may repeat at most the one message being handed on.
/// </summary>
public sealed class HardKillTests : IDisposable
{
    private const int Messages = 2000; // queued at first; more while fewer than 500 wait and kills remain to be done
    private const int Kills = 24;

    private readonly ITestOutputHelper _output;
    private readonly string _work = Directory.CreateTempSubdirectory("clawbot-kill-").FullName;

    public HardKillTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Hard_kills_lose_nothing_and_repeat_at_most_one_message_each()
    {
        await using var sim = await TestSimulator.StartAsync();
        var home = Path.Combine(_work, "profiles");
        var env = new Dictionary<string, string?> { ["CLAWBOT_HOME"] = home };
        var bind = await RealPwsh.RunAsync($"Import-Module '{Repo.Manifest}'; Connect-ClawBot -BaseUrl '{sim.BaseUrl}' -CdnBaseUrl '{sim.CdnBaseUrl}' -QrCodePath (Join-Path '{_work}' 'qr.png') -PassThru | ForEach-Object {{ $_.BotId; $_.UserId }}", env);
        Assert.True(bind.ExitCode == 0, bind.ToString());
        var ids = bind.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (bot, user) = (ids[^2], ids[^1]);
        var queued = 0;
        async Task QueueAsync(int count)
        {
            // Texts msg-<n> continue the numbering, so the log can be checked against one sequence.
            for (var i = 0; i < count; i++) await sim.Control.SendTextToBotAsync(bot, user, $"msg-{queued + i + 1}");
            queued += count;
        }
        await sim.Control.QueueTextsAsync(bot, user, Messages, "msg-");
        queued = Messages;

        // What a user writes: each message appended to a log as it comes. A line is whole only with its '|'.
        var log = Path.Combine(_work, "received.log");
        var script = Path.Combine(_work, "receive.ps1");
        File.WriteAllText(script, $$"""
            Import-Module '{{Repo.Manifest}}'
            Connect-ClawBot | Out-Null
            Receive-ClawMessage -Timeout 3 | ForEach-Object { Add-Content -LiteralPath '{{log}}' -Value ($_.Text + '|') }
            """);

        var random = new Random(20261202);
        var kills = 0;
        var perKill = new List<string>();
        while (kills < Kills)
        {
            var before = Lines(log).Count;
            if (queued - before < 500) await QueueAsync(500); // keep a backlog for every kill to land in
            using var receiver = Process.Start(RealPwsh.StartInfo(script, env))!;
            receiver.StandardInput.Close();
            _ = receiver.StandardOutput.ReadToEndAsync();
            _ = receiver.StandardError.ReadToEndAsync();
            // Kill at a random moment once it is handing messages on: mid-batch, mid-write, mid-save.
            while (!receiver.HasExited && Lines(log).Count == before) await Task.Delay(5);
            await Task.Delay(random.Next(10, 250));
            if (receiver.HasExited) break;
            receiver.Kill(entireProcessTree: true);
            await receiver.WaitForExitAsync();
            kills++;
            perKill.Add($"{Lines(log).Count - before}");
        }

        // The last run ends by itself, after -Timeout of quiet, with nothing left to receive.
        var last = await RealPwsh.RunAsync(File.ReadAllText(script), env);
        Assert.True(last.ExitCode == 0, last.ToString());

        var lines = Lines(log);
        var distinct = lines.Distinct().ToList();
        var expected = Enumerable.Range(1, queued).Select(i => $"msg-{i}").ToList();
        var lost = expected.Except(distinct).Count();
        var repeated = lines.Count - distinct.Count;
        _output.WriteLine($"{queued} messages, {kills} hard kills, {lost} lost, {repeated} repeated (lines written per run: {string.Join(", ", perKill)})");

        Assert.Equal(Kills, kills);
        Assert.Equal(0, lost);
        Assert.True(repeated <= kills, $"{repeated} repeated over {kills} kills");
        Assert.Equal(expected, distinct); // and in order
    }

    private static List<string> Lines(string log)
    {
        if (!File.Exists(log)) return new List<string>();
        string text;
        using (var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream)) text = reader.ReadToEnd();
        return text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.EndsWith('|')).Select(l => l.TrimEnd('|')).ToList();
    }
}
