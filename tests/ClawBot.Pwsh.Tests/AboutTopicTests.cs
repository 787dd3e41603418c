using System.Text.RegularExpressions;
using ClawBot.Pwsh.Tests.Support;
using Xunit.Abstractions;

namespace ClawBot.Pwsh.Tests;

/// <summary>
/// `Get-Help about_ClawBot` in a real pwsh after importing the built module, and its list of error ids kept equal to
/// the ids the module raises (src/ClawBot/Infrastructure/ErrorIds.cs), so the topic cannot go stale.
/// </summary>
public sealed class AboutTopicTests
{
    private readonly ITestOutputHelper _output;

    public AboutTopicTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task About_ClawBot_is_found_after_Import_Module_and_explains_every_error_id()
    {
        var run = await RealPwsh.RunAsync("""
            $ErrorActionPreference = 'Stop'
            Import-Module $env:CLAWBOT_TEST_MANIFEST
            Get-Help about_ClawBot | Out-String -Width 200
            """, new Dictionary<string, string?> { ["CLAWBOT_TEST_MANIFEST"] = Repo.Manifest });
        _output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stdout.Split('\n').Select(l => l.TrimEnd('\r', ' ')).ToList();
        Assert.Equal("TOPIC", lines.SkipWhile(string.IsNullOrEmpty).First());
        Assert.Contains("    about_ClawBot", lines);

        var declared = Regex.Matches(File.ReadAllText(Repo.File("src", "ClawBot", "Infrastructure", "ErrorIds.cs")),
            @"public const string \w+ = ""(ClawBot\.\w+)"";").Select(m => m.Groups[1].Value).ToList();
        Assert.True(declared.Count >= 20, $"only {declared.Count} ids read from ErrorIds.cs");

        var section = Section(lines, "ERROR IDS");
        var explained = new List<string>();
        for (var i = 0; i < section.Count; i++)
        {
            var entry = Regex.Match(section[i], @"^    (ClawBot\.\w+)$");
            if (!entry.Success) continue;
            var meaning = section.Skip(i + 1).TakeWhile(l => l.StartsWith("        ", StringComparison.Ordinal)).ToList();
            Assert.True(meaning.Count > 0, $"{entry.Groups[1].Value} has no explanation");
            explained.Add(entry.Groups[1].Value);
        }
        Assert.Equal(declared.Order(StringComparer.Ordinal), explained.Order(StringComparer.Ordinal));
    }

    /// <summary>The lines under a heading ("  ERROR IDS"), up to the next heading of either level.</summary>
    private static List<string> Section(List<string> lines, string heading)
    {
        var isHeading = new Regex("^(  )?[A-Z][A-Z ]+$");
        var start = lines.IndexOf("  " + heading);
        Assert.True(start >= 0, $"no '{heading}' section");
        return lines.Skip(start + 1).TakeWhile(l => !isHeading.IsMatch(l)).ToList();
    }
}
