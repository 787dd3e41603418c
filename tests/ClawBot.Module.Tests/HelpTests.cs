using System.Text.Json;
using System.Management.Automation;
using ClawBot.Module.Tests.Support;
using ClawBot.Simulator.Control;

namespace ClawBot.Module.Tests;

/// <summary>
/// Help completeness for every exported cmdlet, and every example in the help actually run against the simulator.
/// </summary>
/// <remarks>
/// How examples run (the "preamble" convention; write examples that fit it):
/// <list type="bullet">
/// <item>Each example gets a fresh state: an empty profile store, a new runspace, the profile 'default' bound to the
/// test's simulator with <see cref="ModuleTest.Connect"/> (the QR code is confirmed by the simulator itself), one
/// message from the owner and one from <see cref="Bob"/> already received (so the contact book holds two contacts with
/// a context token and the full allowance of sends, and no aliases), then <see cref="Queued"/> and after them
/// <see cref="QueuedMedia"/> (an image and a PDF from the owner, for Save-ClawAttachment and -SaveAttachmentsTo)
/// waiting on the server, so examples using <c>Receive-ClawMessage -First N</c> (N ≤ 7) or <c>-Timeout</c> end.
/// The first five waiting messages are text, so examples taking only a few see no media.</item>
/// <item>The current location is a temp folder holding <see cref="ExampleFiles"/>. The hosted engine is the full one
/// (Microsoft.PowerShell.SDK), so examples may use any cmdlet a user has.</item>
/// <item>For examples that connect with a token kept elsewhere: $env:CLAWBOT_TOKEN, $env:CLAWBOT_BOT_ID and
/// $env:CLAWBOT_OWNER hold the bound bot's token, id and owner, and a stand-in Get-Secret returns them as the
/// PSCredential SecretManagement would.</item>
/// <item>URLs: <c>http://127.0.0.1:5480/c2c/</c> becomes the simulator's CDN base and <c>http://127.0.0.1:5480/</c> its
/// API base (the standalone simulator's default address).</item>
/// <item>An example must end without an error record within <see cref="ExampleTimeout"/>. One that genuinely cannot
/// run must say so in its remarks and be listed in <see cref="NotRunnable"/> with the reason.</item>
/// </list>
/// </remarks>
public sealed class HelpTests : ModuleTest, IDisposable
{
    private static readonly string[] CmdletNames =
    {
        "Connect-ClawBot", "Disconnect-ClawBot", "Get-ClawBot", "Receive-ClawMessage", "Send-ClawMessage", "Send-ClawFile",
        "Save-ClawAttachment", "Get-ClawContact", "Set-ClawContact", "Send-ClawTyping",
    };

    public static TheoryData<string> Cmdlets => new(CmdletNames);

    /// <summary>Examples the tests do not run: (cmdlet, example number) and why. Keep it empty.</summary>
    private static readonly Dictionary<(string Cmdlet, int Example), string> NotRunnable = new();

    /// <summary>Messages waiting on the server when an example starts (all from the owner but one).</summary>
    private static readonly (string? From, string Text)[] Queued =
    {
        (null, "status"), (null, "ping"), ("alice@im.wechat", "hello from alice"), (null, "report please"), (null, "thanks"),
    };

    /// <summary>A second contact, received before each example (so it is in the contact book, with a live token).</summary>
    private const string Bob = "bob@im.wechat";

    /// <summary>Media from the owner waiting on the server after <see cref="Queued"/>: kind, file name (null: none), content.</summary>
    private static readonly (SimMediaKind Kind, string? FileName, byte[] Content)[] QueuedMedia =
    {
        (SimMediaKind.Image, null, Content(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, 9_000)),
        (SimMediaKind.File, "invoice.pdf", Content("%PDF-1.7\n"u8.ToArray(), 25_000)),
    };

    /// <summary>Files in the examples' working folder.</summary>
    private static readonly (string Name, int Size)[] ExampleFiles =
    {
        ("report.pdf", 30_000), ("chart.png", 12_000), ("nightly.log", 800), ("errors.log", 300), ("sales.csv", 500), ("inventory.csv", 700),
    };

    private static readonly TimeSpan ExampleTimeout = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("clawbot-help-").FullName;

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        foreach (var name in new[] { "CLAWBOT_TOKEN", "CLAWBOT_BOT_ID", "CLAWBOT_OWNER" }) Environment.SetEnvironmentVariable(name, null);
    }

    /// <summary>Deterministic content of <paramref name="size"/> bytes starting with a file-type signature.</summary>
    private static byte[] Content(byte[] magic, int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        magic.CopyTo(bytes, 0);
        return bytes;
    }

    [Fact]
    public void EveryExportedCmdletIsCovered()
    {
        var run = Ps.Run("Get-Command -Module ClawBot | ForEach-Object Name");
        run.AssertNoErrors();
        Assert.Equal(CmdletNames.Order(), run.Output.Select(o => o.ToString()).Order());
    }

    [Fact]
    public void TheAboutTopicIsFoundAndEveryCmdletLinksToIt()
    {
        var about = Ps.Run("Get-Help about_ClawBot | Out-String");
        about.AssertNoErrors();
        Assert.Contains("SHORT DESCRIPTION", about.Output.Single().ToString());
        foreach (var name in CmdletNames)
        {
            Assert.Contains(Items(Prop(Help(name), "relatedLinks"), "navigationLink"), l => Text(l, "linkText") == "about_ClawBot");
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void HelpIsComplete(string name)
    {
        var help = Help(name);

        var synopsis = Text(help, "Synopsis");
        Assert.False(string.IsNullOrWhiteSpace(synopsis), "no synopsis");
        // Without help, Get-Help shows the syntax in place of the synopsis.
        Assert.False(synopsis.TrimStart().StartsWith(name, StringComparison.OrdinalIgnoreCase), $"synopsis is the syntax fallback: {synopsis}");
        Assert.True(Paras(help, "description").Length > 100, "description missing or too short");

        var command = (CmdletInfo)Ps.Run($"Get-Command {name}").Output.Single().BaseObject;
        Assert.StartsWith(ModulePaths.Folder, command.ImplementingType.Assembly.Location);
        var documented = Items(Prop(help, "parameters"), "parameter").ToDictionary(p => Text(p, "name"), StringComparer.OrdinalIgnoreCase);
        var actual = command.Parameters.Values.Where(p => !Cmdlet.CommonParameters.Contains(p.Name)).ToList();
        Assert.NotEmpty(actual);
        foreach (var parameter in actual)
        {
            Assert.True(documented.TryGetValue(parameter.Name, out var doc), $"-{parameter.Name} is not documented");
            Assert.True(Paras(doc!, "description").Length > 20, $"-{parameter.Name} has no description");

            var sets = parameter.ParameterSets.Values.ToList();
            var pipeline = Text(doc!, "pipelineInput");
            Assert.True(sets.Any(s => s.ValueFromPipeline) == pipeline.Contains("ByValue"), $"-{parameter.Name}: pipelineInput '{pipeline}'");
            Assert.True(sets.Any(s => s.ValueFromPipelineByPropertyName) == pipeline.Contains("ByPropertyName"), $"-{parameter.Name}: pipelineInput '{pipeline}'");
            Assert.Equal(sets.Any(s => s.IsMandatory).ToString().ToLowerInvariant(), Text(doc!, "required"));
            var position = sets.Select(s => s.Position).Where(p => p >= 0).Select(p => p.ToString()).FirstOrDefault() ?? "named";
            Assert.True(position == Text(doc!, "position"), $"-{parameter.Name}: position {Text(doc!, "position")}, expected {position}");
            var aliases = Text(doc!, "aliases").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var alias in parameter.Aliases) Assert.Contains(alias, aliases);
        }
        foreach (var extra in documented.Keys) Assert.Contains(actual, p => p.Name.Equals(extra, StringComparison.OrdinalIgnoreCase));

        var outputs = string.Join(" ", Items(Prop(help, "returnValues"), "returnValue").Select(r => Text(Prop(r, "type"), "name")));
        foreach (var type in command.OutputType.Where(t => t.Type != typeof(void)))
        {
            Assert.Contains(type.Type?.FullName ?? type.Name, outputs);
        }
        Assert.NotEmpty(Items(Prop(help, "alertSet"), "alert"));
        Assert.NotEmpty(Items(Prop(help, "relatedLinks"), "navigationLink"));

        var examples = Examples(help);
        Assert.True(examples.Count >= 2, $"{examples.Count} examples");
        Assert.All(examples, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Title));
            Assert.False(string.IsNullOrWhiteSpace(e.Code));
            Assert.False(string.IsNullOrWhiteSpace(e.Remarks), $"example '{e.Title}' has no remarks");
        });
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public async Task EveryExampleRuns(string name)
    {
        MakeExampleFiles();
        var examples = Examples(Help(name));
        var failures = new List<string>();
        for (var i = 0; i < examples.Count; i++)
        {
            var example = examples[i];
            if (NotRunnable.TryGetValue((name, i + 1), out var why))
            {
                Assert.Contains("not run", example.Remarks, StringComparison.OrdinalIgnoreCase); // the help says so too
                continue;
            }
            var ps = await PrepareAsync();
            var run = await RunGuardedAsync(ps, Localize(example.Code));
            if (run.Terminating is not null || run.Errors.Count > 0)
            {
                var errors = run.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e).Prepend(run.Terminating?.ErrorRecord.ToString()).OfType<string>();
                failures.Add($"{example.Title}\n{example.Code}\n  -> {string.Join("\n  -> ", errors)}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public async Task ExamplesDoWhatTheySay()
    {
        // A few examples checked for their effect, not only for running cleanly.
        var ps = await PrepareAsync();
        var (bot, user) = Ids(ps);
        var echo = Examples(Help("Receive-ClawMessage")).Single(e => e.Title.Contains("echo bot"));
        (await RunGuardedAsync(ps, echo.Code)).AssertNoErrors();
        var sent = await Control.SentAsync(bot);
        Assert.Equal(new[] { "echo: status", "echo: ping", "echo: hello from alice" }, sent.Select(s => s.Text));
        Assert.Equal(new[] { user, user, "alice@im.wechat" }, sent.Select(s => s.ToUserId));

        ps = await PrepareAsync();
        (bot, user) = Ids(ps);
        var alert = Examples(Help("Send-ClawMessage")).Single(e => e.Title.Contains("alert"));
        (await RunGuardedAsync(ps, alert.Code)).AssertNoErrors();
        var message = Assert.Single(await Control.SentAsync(bot));
        Assert.Equal(user, message.ToUserId);
        Assert.StartsWith("job failed: the database backup failed", message.Text);

        ps = await PrepareAsync();
        (bot, _) = Ids(ps);
        MakeExampleFiles();
        var logs = Examples(Help("Send-ClawFile")).Single(e => e.Code.Contains("*.log"));
        (await RunGuardedAsync(ps, logs.Code)).AssertNoErrors();
        sent = await Control.SentAsync(bot);
        Assert.Equal(new[] { "errors.log", "nightly.log" }, sent.Where(s => s.FileName is not null).Select(s => s.FileName).Order());
        Assert.Equal(File.ReadAllBytes(Path.Combine(_folder, "nightly.log")), sent.Single(s => s.FileName == "nightly.log").FileContent);

        // Save-ClawAttachment: every queued attachment lands in ./inbox, byte-identical, and only those.
        ps = await PrepareAsync();
        var inbox = Path.Combine(_folder, "inbox");
        if (Directory.Exists(inbox)) Directory.Delete(inbox, recursive: true);
        var saveAll = Examples(Help("Save-ClawAttachment"))[0];
        var saved = await RunGuardedAsync(ps, saveAll.Code);
        saved.AssertNoErrors();
        Assert.Equal(QueuedMedia.Length, saved.Objects<FileInfo>().Count());
        Assert.Equal(QueuedMedia.Select(m => Convert.ToHexString(m.Content)).Order(),
            Directory.GetFiles(inbox).Select(f => Convert.ToHexString(File.ReadAllBytes(f))).Order());
        Assert.Contains(Path.Combine(inbox, "invoice.pdf"), Directory.GetFiles(inbox));

        // Set-ClawContact: the alias reaches the owner.
        ps = await PrepareAsync();
        (bot, user) = Ids(ps);
        var byAlias = Examples(Help("Set-ClawContact")).Single(e => e.Title.Contains("send by alias"));
        (await RunGuardedAsync(ps, byAlias.Code)).AssertNoErrors();
        message = Assert.Single(await Control.SentAsync(bot));
        Assert.Equal((user, "disk C: is 95% full"), (message.ToUserId, message.Text));
        Assert.Equal("ops-phone", ps.Run("(Get-ClawContact ops-phone).Alias").Output.Single().ToString());

        // An empty -Alias removes the alias, and it stays removed (the stored profile must not bring it back).
        ps = await PrepareAsync();
        var remove = Examples(Help("Set-ClawContact")).Single(e => e.Title.Contains("remove it"));
        (await RunGuardedAsync(ps, remove.Code)).AssertNoErrors();
        var left = ps.Run($"(Get-ClawContact {Bob}).Alias").Output.SingleOrDefault()?.BaseObject;
        Assert.True(left is null, $"Set-ClawContact -Alias '' left the alias '{left}'");

        // The send window: ten messages go out, the eleventh fails fast without a request.
        ps = await PrepareAsync();
        (bot, _) = Ids(ps);
        var window = Examples(Help("Send-ClawMessage")).Single(e => e.Title.Contains("send window"));
        var stopped = await RunGuardedAsync(ps, window.Code);
        stopped.AssertNoErrors();
        Assert.Equal(10, (await Control.SentAsync(bot, Bob)).Count);
        Assert.StartsWith("stopped after 10 messages", stopped.Output.Single().ToString());

        // Send-ClawTyping: the owner sees "typing" (status 1), then -Stop (status 2).
        ps = await PrepareAsync();
        (bot, user) = Ids(ps);
        var stop = Examples(Help("Send-ClawTyping")).Single(e => e.Code.Contains("-Stop"));
        (await RunGuardedAsync(ps, stop.Code)).AssertNoErrors();
        Assert.Equal(new[] { (user, 1), (user, 2) }, (await Control.TypingAsync(bot)).Select(t => (t.UserId, t.Status)));
    }

    // ---- preparing and running examples

    private static (string Bot, string User) Ids(PsSession ps)
    {
        var session = ps.Run("Get-ClawBot -Current").Output.Single();
        return ((string)session.Properties["BotId"].Value, (string)session.Properties["UserId"].Value);
    }

    private void MakeExampleFiles()
    {
        foreach (var (file, size) in ExampleFiles)
        {
            var bytes = new byte[size];
            new Random(size).NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(_folder, file), bytes);
        }
    }

    /// <summary>The preamble: fresh store, bound profile, two received messages, more queued (media last), the working folder.</summary>
    private async Task<PsSession> PrepareAsync()
    {
        if (Directory.Exists(StorePath))
        {
            foreach (var file in Directory.EnumerateFiles(StorePath)) File.Delete(file);
        }
        var ps = NewRunspace();
        var (bot, user) = Connect(ps);
        await Control.SendTextToBotAsync(bot, user, "hi bot");
        await Control.SendTextToBotAsync(bot, Bob, "hi from bob");
        ps.Run("Receive-ClawMessage -First 2 | Out-Null").AssertNoErrors();
        foreach (var (from, text) in Queued) await Control.SendTextToBotAsync(bot, from ?? user, text);
        foreach (var (kind, fileName, content) in QueuedMedia)
        {
            await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, MediaKind = kind, FileName = fileName, Content = content });
        }
        ps.Set("ExampleFolder", _folder);
        ps.Run("$ExecutionContext.SessionState.Path.SetLocation($ExampleFolder) | Out-Null").AssertNoErrors();
        // For the examples that connect with a token kept elsewhere: the CI variables, and SecretManagement's
        // Get-Secret (not installed here) as a stand-in returning the stored credential.
        using var stored = JsonDocument.Parse(File.ReadAllText(Path.Combine(StorePath, "default.json")));
        ps.Set("ExampleToken", stored.RootElement.GetProperty("botToken").GetString());
        ps.Run($$"""
            $env:CLAWBOT_TOKEN = $ExampleToken; $env:CLAWBOT_BOT_ID = '{{bot}}'; $env:CLAWBOT_OWNER = '{{user}}'
            Remove-Variable ExampleToken
            function global:Get-Secret([string] $Name) { [pscredential]::new($env:CLAWBOT_BOT_ID, (ConvertTo-SecureString $env:CLAWBOT_TOKEN -AsPlainText -Force)) }
            """).AssertNoErrors();
        return ps;
    }

    private string Localize(string code) => code
        .Replace("http://127.0.0.1:5480/c2c/", Sim.CdnBaseUrl.ToString(), StringComparison.Ordinal)
        .Replace("http://127.0.0.1:5480/", Sim.BaseUrl.ToString(), StringComparison.Ordinal);

    /// <summary>Runs a script, stopping it (and failing) if it has not ended within <see cref="ExampleTimeout"/>.</summary>
    private static async Task<PsRun> RunGuardedAsync(PsSession ps, string code)
    {
        var running = ps.Begin(code);
        var end = Task.Run(running.End);
        if (await Task.WhenAny(end, Task.Delay(ExampleTimeout)) != end)
        {
            running.PowerShell.Stop();
            await end.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Fail($"the example did not end within {ExampleTimeout.TotalSeconds} s:\n{code}");
        }
        return await end;
    }

    // ---- reading Get-Help's objects

    private sealed record Example(string Title, string Code, string Remarks);

    private PSObject Help(string name)
    {
        var run = Ps.Run($"Get-Help {name} -Full");
        run.AssertNoErrors();
        return run.Output.Single();
    }

    private static List<Example> Examples(PSObject help) =>
        Items(Prop(help, "examples"), "example")
            .Select(e => new Example(Text(e, "title").Trim('-', ' '), Text(e, "code"), Paras(e, "remarks")))
            .ToList();

    private static PSObject? Prop(PSObject? o, string name) => o?.Properties[name]?.Value switch
    {
        null => null,
        PSObject p => p,
        var v => PSObject.AsPSObject(v),
    };

    private static string Text(PSObject? o, string name) => o?.Properties[name]?.Value?.ToString() ?? "";

    /// <summary>A property that holds one item or an array of them.</summary>
    private static IEnumerable<PSObject> Items(PSObject? o, string name) => o?.Properties[name]?.Value switch
    {
        null => Array.Empty<PSObject>(),
        object[] many => many.Select(PSObject.AsPSObject),
        var one => new[] { PSObject.AsPSObject(one) },
    };

    /// <summary>The text of a MAML paragraph list (description, remarks): objects with a Text property.</summary>
    private static string Paras(PSObject o, string name) =>
        string.Join("\n", Items(o, name).Select(p => p.Properties["Text"]?.Value?.ToString() ?? p.ToString())).Trim();
}
