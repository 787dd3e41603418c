using System.Text.RegularExpressions;
using ClawBot.Pwsh.Tests.Support;
using Xunit.Abstractions;

namespace ClawBot.Pwsh.Tests;

/// <summary>
/// The Pester suite (tests/ClawBot.Tests.ps1) in a real pwsh with Pester 5.7.1, against a simulator this test starts:
/// a failing Pester test fails this test, and so `dotnet test ClawBot.sln`.
/// </summary>
public sealed class PesterSuiteTests
{
    private readonly ITestOutputHelper _output;

    public PesterSuiteTests(ITestOutputHelper output) => _output = output;

    private const string Runner = """
        $ErrorActionPreference = 'Stop'
        Import-Module $env:CLAWBOT_TEST_PESTER
        $config = New-PesterConfiguration
        $config.Run.Path = $env:CLAWBOT_TEST_SUITE
        $config.Run.PassThru = $true
        $config.Output.Verbosity = 'Detailed'
        $config.Output.RenderMode = 'Plaintext'
        $result = Invoke-Pester -Configuration $config
        "PESTER-RESULT $($result.Result) passed=$($result.PassedCount) failed=$($result.FailedCount) skipped=$($result.SkippedCount) notrun=$($result.NotRunCount) blocks-failed=$($result.FailedBlocksCount) containers-failed=$($result.FailedContainersCount)"
        foreach ($test in $result.Failed) { "PESTER-FAILED $($test.ExpandedPath): $($test.ErrorRecord -join '; ')" }
        exit $(if ($result.Result -eq 'Passed') { 0 } else { 1 })
        """;

    [Fact]
    public async Task Every_Pester_test_passes()
    {
        await using var sim = await TestSimulator.StartAsync();
        var run = await RealPwsh.RunAsync(Runner, new Dictionary<string, string?>
        {
            ["CLAWBOT_TEST_PESTER"] = Repo.PesterManifest,
            ["CLAWBOT_TEST_SUITE"] = Repo.File("tests", "ClawBot.Tests.ps1"),
            ["CLAWBOT_TEST_SIMULATOR"] = sim.RootUrl.ToString(),
        });
        _output.WriteLine(run.ToString());

        var summary = Regex.Match(run.Stdout, @"PESTER-RESULT (\w+) passed=(\d+) failed=(\d+) skipped=(\d+)");
        Assert.True(summary.Success, "Pester did not report a result:\n" + run);
        var failures = string.Join("\n", run.Stdout.Split('\n').Where(l => l.StartsWith("PESTER-FAILED", StringComparison.Ordinal)));
        Assert.True(run.ExitCode == 0 && summary.Groups[1].Value == "Passed", $"Pester: {summary.Value}\n{failures}\n\n{run}");
        Assert.True(int.Parse(summary.Groups[2].Value) > 50, "the suite ran too few tests: " + summary.Value);
        Assert.Equal("0", summary.Groups[4].Value); // a skipped test is a test that no longer runs: say why in the suite, not here
    }
}
