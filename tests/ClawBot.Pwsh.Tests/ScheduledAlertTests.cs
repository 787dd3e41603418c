using System.Text.RegularExpressions;
using ClawBot.Pwsh.Tests.Support;

namespace ClawBot.Pwsh.Tests;

/// <summary>
/// The README's alert script, as written, started the way cron, a systemd timer and a scheduled task start it:
/// pwsh -NoProfile -NonInteractive -File, output redirected, the module found on PSModulePath, no Connect-ClawBot.
/// </summary>
public sealed class ScheduledAlertTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("clawbot-cron-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string AlertScript()
    {
        var readme = File.ReadAllText(Repo.File("README.md"));
        return Regex.Matches(readme, "```powershell\\n(.*?)```", RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value).Single(b => b.Contains("alert.ps1", StringComparison.Ordinal));
    }

    private Dictionary<string, string?> Environment(string home)
    {
        // The job's own module (what Invoke-NightlyBackup stands for), and ClawBot, both found by name.
        var modules = Path.Combine(_work, "modules");
        Directory.CreateDirectory(Path.Combine(modules, "NightlyJobs"));
        File.WriteAllText(Path.Combine(modules, "NightlyJobs", "NightlyJobs.psm1"), "function Invoke-NightlyBackup { throw 'disk full' }");
        return new Dictionary<string, string?>
        {
            ["CLAWBOT_HOME"] = home,
            ["PSModulePath"] = string.Join(Path.PathSeparator, modules, Path.GetDirectoryName(Path.GetDirectoryName(Repo.Manifest))!),
        };
    }

    [Fact]
    public async Task The_alert_script_runs_unattended_and_alerts_once_bound()
    {
        await using var sim = await TestSimulator.StartAsync();
        var env = Environment(Path.Combine(_work, "profiles"));
        var script = Path.Combine(_work, "alert.ps1");
        File.WriteAllText(script, AlertScript());

        // Bound once on the machine (headless here, so from a PNG), and the owner wrote to the bot once.
        var bind = await RealPwsh.RunAsync($"Connect-ClawBot -BaseUrl '{sim.BaseUrl}' -CdnBaseUrl '{sim.CdnBaseUrl}' -QrCodePath (Join-Path '{_work}' 'qr.png') -PassThru | ForEach-Object {{ $_.BotId; $_.UserId }}", env);
        Assert.True(bind.ExitCode == 0, bind.ToString());
        var ids = bind.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (bot, user) = (ids[^2], ids[^1]);
        await sim.Control.SendTextToBotAsync(bot, user, "ok");
        Assert.Equal(0, (await RealPwsh.RunAsync("Receive-ClawMessage -First 1 | Out-Null", env)).ExitCode);

        var run = await RealPwsh.RunFileAsync(script, env);

        Assert.Equal(1, run.ExitCode); // the job failed, and says so to its scheduler
        var alert = Assert.Single(await sim.Control.SentAsync(bot));
        Assert.Equal(user, alert.ToUserId);
        Assert.StartsWith("Nightly backup failed on ", alert.Text);
        Assert.EndsWith(": disk full", alert.Text);
        Assert.DoesNotContain("\u2580", run.Stdout + run.Stderr); // a log: no QR code, nothing drawn
    }

    [Fact]
    public async Task Without_a_profile_a_non_interactive_job_fails_at_once_and_prints_no_QR_code()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.AutoConfirmAfter = null);
        var env = Environment(Path.Combine(_work, "empty"));

        var run = await RealPwsh.RunAsync($"$ErrorActionPreference = 'Stop'; Connect-ClawBot -BaseUrl '{sim.BaseUrl}'", env);

        Assert.NotEqual(0, run.ExitCode);
        // PowerShell's error view wraps and colours the message; what it says is what counts.
        var said = Regex.Replace(Regex.Replace(run.Stdout + run.Stderr, "\u001b\\[[0-9;]*m", ""), "\\s*\\|\\s*|\\s+", " ");
        Assert.Contains("cannot show a QR code to anyone here: pwsh was started with -NonInteractive", said);
        Assert.Equal(0, (await sim.Control.StatsAsync()).RequestsByEndpoint.GetValueOrDefault("get_bot_qrcode"));
        Assert.DoesNotContain("\u2580", run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task A_thread_job_counts_as_nobody_watching()
    {
        await using var sim = await TestSimulator.StartAsync(o => o.AutoConfirmAfter = null);
        var env = Environment(Path.Combine(_work, "empty"));

        var run = await RealPwsh.RunAsync($$"""
            $job = Start-ThreadJob { Connect-ClawBot -BaseUrl '{{sim.BaseUrl}}' }
            $job | Receive-Job -Wait -AutoRemoveJob -ErrorVariable failed -ErrorAction SilentlyContinue
            "ID:" + $failed[0].FullyQualifiedErrorId
            """, env);

        Assert.Contains("ID:ClawBot.InteractionRequired,", run.Stdout);
        Assert.Equal(0, (await sim.Control.StatsAsync()).RequestsByEndpoint.GetValueOrDefault("get_bot_qrcode"));
    }
}
