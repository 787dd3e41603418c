using System.Text.RegularExpressions;
using ClawBot.Module.Tests.Support;

namespace ClawBot.Module.Tests;

/// <summary>
/// Runs the README's PowerShell examples as written, against the simulator, in the full engine (Get-ChildItem and the
/// rest are the real cmdlets). The preamble only sets the working folder and supplies the job the alert example wraps.
/// </summary>
public sealed class ReadmeTests : ModuleTest, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("clawbot-readme-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static IReadOnlyList<string> Blocks()
    {
        var readme = File.ReadAllText(Path.Combine(ModulePaths.Folder, "..", "..", "README.md"));
        return Regex.Matches(readme, "```powershell\\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
    }

    private string Prepare(string block) =>
        $$"""
        Set-Location -LiteralPath '{{_work}}'
        function Invoke-NightlyBackup { throw 'disk full' }
        """ + "\n" + block.Replace("./out/ClawBot/ClawBot.psd1", ModulePaths.Manifest);

    [Fact]
    public async Task ReadmeExamplesRun()
    {
        var blocks = Blocks();
        Assert.Equal(4, blocks.Count);
        File.WriteAllBytes(Path.Combine(_work, "report.pdf"), new byte[] { 1, 2, 3 });
        Directory.CreateDirectory(Path.Combine(_work, "charts"));
        File.WriteAllBytes(Path.Combine(_work, "charts", "cpu.png"), new byte[] { 4, 5, 6 });

        // 1. A profile bound against the simulator is stored first, so the README's plain Connect-ClawBot reuses it
        //    (and no test ever reaches Tencent's host).
        Connect();
        var bind = NewRunspace().Run(Prepare(blocks[0]));
        bind.AssertNoErrors();
        var session = Ps.Run("Get-ClawBot -Current").Output.Single();
        var bot = (string)session.Properties["BotId"].Value;
        var user = (string)session.Properties["UserId"].Value;

        // 2. The echo bot runs until Ctrl-C.
        await Control.SendTextToBotAsync(bot, user, "are you there?");
        var echo = Ps.Begin(Prepare(blocks[1]));
        for (var i = 0; i < 400 && !(await Control.SentAsync(bot)).Any(m => m.Text == "echo: are you there?"); i++) await Task.Delay(25);
        var stopped = echo.Stop();
        Assert.Empty(stopped.Errors);
        Assert.Contains(await Control.SentAsync(bot), m => m.ToUserId == user && m.Text == "echo: are you there?");

        // 3. Alert on failure, then files.
        var rest = Ps.Run(Prepare(blocks[2]));
        rest.AssertNoErrors();
        var sent = await Control.SentAsync(bot);
        Assert.Contains(sent, m => m.Text == "backup failed: disk full");
        Assert.Contains(sent, m => m.Text == "Monthly report");
        Assert.Contains(sent, m => m.FileName == "report.pdf" && m.ItemType == 4);
        Assert.Contains(sent, m => m.ItemType == 2 && m.FileContent!.SequenceEqual(new byte[] { 4, 5, 6 }));

        // 4. The scheduled alert, in a new runspace that never connects: it alerts, then fails as a job should.
        var alert = NewRunspace().Run(Prepare(blocks[3]));
        Assert.Contains("disk full", alert.Terminating?.ErrorRecord.ToString());
        Assert.Empty(alert.Errors);
        Assert.Contains(await Control.SentAsync(bot), m => m.ToUserId == user && m.Text?.StartsWith("Nightly backup failed on ") == true && m.Text.EndsWith(": disk full"));
    }
}
