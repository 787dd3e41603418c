using System.Management.Automation;
using ClawBot.Module.Tests.Support;
using ClawBot.Simulator.Control;

namespace ClawBot.Module.Tests;

public sealed class StreamsAndCompletionTests : ModuleTest
{
    [Fact]
    public async Task NoSecretOnAnyStreamEvenWithFailuresVerboseAndDebug()
    {
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, user, "hello");
        await Control.InjectFaultAsync(new SimFault { Endpoint = "sendmessage", Kind = SimFaultKind.Status, Status = 503, Count = 1 });
        await Control.InjectFaultAsync(new SimFault { Endpoint = "cdn-upload", Kind = SimFaultKind.Status, Status = 500, Count = 1 });
        var file = Path.Combine(StorePath, "..", "note.txt");
        File.WriteAllText(file, "secret-free content");
        Ps.Set("file", file);

        var run = Ps.Run("""
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
            Receive-ClawMessage -First 1 | Send-ClawMessage -Text { "echo: $($_.Text)" } -PassThru
            Send-ClawFile -LiteralPath $file -PassThru
            Send-ClawMessage -To 'stranger@im.wechat' -Text 'nope'
            Get-ClawBot; Get-ClawBot -Current
            """);

        Assert.Single(run.Errors); // the stranger
        Assert.Contains(run.Debug, d => d.Contains("sendmessage") && d.Contains("retrying"));
        Assert.Contains(run.Verbose, v => v.StartsWith("POST /c2c/upload 500", StringComparison.Ordinal));
        Secrets.AssertNoneIn(StorePath, run.AllText());
    }

    [Fact]
    public async Task Debug_shows_calls_and_retries_without_asking()
    {
        // -Debug (not -Verbose) gives a compiled cmdlet's verbose records an Inquire preference: in a host that cannot
        // ask, each one would end the command with an error; in a console, each would ask "Continue?".
        var (bot, user) = Connect();
        Ps.Run(FaultKit.Tune).AssertNoErrors();
        await Control.SendTextToBotAsync(bot, user, "hello");
        await Control.InjectFaultAsync(new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Status, Status = 503, Count = 1 });

        var run = Ps.Run("Receive-ClawMessage -First 1 -Debug | Send-ClawMessage -Text 'pong' -Debug");

        run.AssertNoErrors();
        Assert.Contains(await Control.SentAsync(bot), m => m.Text == "pong");
        Assert.Contains(run.Debug, d => d.StartsWith("POST /ilink/bot/getupdates 503", StringComparison.Ordinal));
        Assert.Contains(run.Debug, d => d.Contains("getupdates") && d.Contains("retrying"));
        Assert.Contains(run.Debug, d => d.StartsWith("POST /ilink/bot/sendmessage 200", StringComparison.Ordinal));
        Assert.Empty(run.Verbose);
    }

    [Fact]
    public async Task ToCompletesAliasesAndIdsFromTheContactBook()
    {
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, "zed@im.wechat", "hi");
        Ps.Run("Receive-ClawMessage -First 1 | Out-Null").AssertNoErrors();

        var run = Ps.Run("(TabExpansion2 -inputScript 'Send-ClawMessage -To z' -cursorColumn 22).CompletionMatches");
        run.AssertNoErrors();
        var match = Assert.Single(run.Objects<CompletionResult>());
        Assert.Equal("'zed@im.wechat'", match.CompletionText);
    }

    [Fact]
    public void NameCompletesFromStoredProfiles()
    {
        Connect(name: "work");
        var run = Ps.Run("(TabExpansion2 -inputScript 'Connect-ClawBot -Name w' -cursorColumn 23).CompletionMatches");
        run.AssertNoErrors();
        Assert.Equal("work", Assert.Single(run.Objects<CompletionResult>()).CompletionText);
    }

    [Fact]
    public void FormatFileLoadsAndHasAViewPerOutputType()
    {
        // Loading the file the way the engine does proves it is valid; TerminalSafetyTests renders every view.
        var path = Path.Combine(ModulePaths.Folder, "ClawBot.Format.ps1xml");
        _ = new System.Management.Automation.Runspaces.FormatTable(new[] { path });
        var views = System.Xml.Linq.XDocument.Load(path).Descendants("TypeName").Select(e => e.Value).ToHashSet();
        foreach (var type in new[] { "ClawBot.Message", "ClawBot.Session", "ClawBot.SendReceipt", "ClawBot.ProfileInfo", "ClawBot.Attachment", "ClawBot.Contact", "ClawBot.Quote" })
        {
            Assert.Contains(type, views);
        }
        // No view shows a context token (its age is not a secret).
        Assert.DoesNotMatch(@"ContextToken\b(?!Age)", File.ReadAllText(path));
    }
}
