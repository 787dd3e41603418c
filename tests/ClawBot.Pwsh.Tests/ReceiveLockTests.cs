using System.Diagnostics;
using ClawBot.Pwsh.Tests.Support;

namespace ClawBot.Pwsh.Tests;

/// <summary>One receiver per profile across processes, with a lock that dies with its holder.</summary>
public sealed class ReceiveLockTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("clawbot-lock-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task A_second_process_is_refused_while_one_receives_and_not_after_it_was_killed()
    {
        await using var sim = await TestSimulator.StartAsync();
        var env = new Dictionary<string, string?> { ["CLAWBOT_HOME"] = Path.Combine(_work, "profiles") };
        var bind = await RealPwsh.RunAsync($"Import-Module '{Repo.Manifest}'; (Connect-ClawBot -BaseUrl '{sim.BaseUrl}' -CdnBaseUrl '{sim.CdnBaseUrl}' -PassThru).BotId", env);
        Assert.True(bind.ExitCode == 0, bind.ToString());
        var bot = bind.Stdout.Trim().Split('\n')[^1].Trim();

        var started = Path.Combine(_work, "started");
        var script = Path.Combine(_work, "receive.ps1");
        File.WriteAllText(script, $$"""
            Import-Module '{{Repo.Manifest}}'
            Connect-ClawBot | Out-Null
            Receive-ClawMessage | ForEach-Object { Set-Content -LiteralPath '{{started}}' -Value $_.Text }
            """);
        using var first = Process.Start(RealPwsh.StartInfo(script, env))!;
        first.StandardInput.Close();
        _ = first.StandardOutput.ReadToEndAsync();
        _ = first.StandardError.ReadToEndAsync();
        var user = (await sim.Control.BotStateAsync(bot)).UserId;
        await sim.Control.SendTextToBotAsync(bot, user, "first is receiving");
        while (!File.Exists(started)) { Assert.False(first.HasExited, "the first receiver ended"); await Task.Delay(20); }

        var check = $"Import-Module '{Repo.Manifest}'; Connect-ClawBot | Out-Null; try {{ Receive-ClawMessage -Timeout 1; 'RECEIVED' }} catch {{ $_.FullyQualifiedErrorId; exit 3 }}";
        var refused = await RealPwsh.RunAsync(check, env);
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync();
        var after = await RealPwsh.RunAsync(check, env);

        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("ClawBot.AlreadyReceiving,ClawBot.Commands.ReceiveClawMessageCommand", refused.Stdout);
        Assert.True(after.ExitCode == 0 && after.Stdout.Contains("RECEIVED"), after.ToString());
    }
}
