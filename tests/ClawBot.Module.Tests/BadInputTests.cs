using System.Management.Automation;
using ClawBot.Module.Tests.Support;

namespace ClawBot.Module.Tests;

/// <summary>
/// Bad parameters and bad stores: empty, whitespace, oversized, wrong type, folders and missing files, insecure base
/// URLs, damaged or hand-edited profiles. Each is a specific ClawBot error (or a binding error), never a crash; a damaged
/// profile is left exactly as it was. No URL here is ever contacted: each is refused before any call.
/// </summary>
public sealed class BadInputTests : ModuleTest, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clawbot-badinput-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Id(ErrorRecord? e) => e?.FullyQualifiedErrorId.Split(',')[0] ?? "(none)";

    [Theory]
    [InlineData("-BaseUrl 'http://example.com/'")]
    [InlineData("-BaseUrl 'http://192.0.2.1:8080/ilink'")]
    [InlineData("-CdnBaseUrl 'http://cdn.example.com/c2c/'")]
    [InlineData("-BaseUrl 'https://example.com/' -CdnBaseUrl 'http://198.51.100.7/c2c'")]
    public void Insecure_or_odd_base_urls_are_refused_before_any_call(string parameters)
    {
        var run = Ps.Run($"Connect-ClawBot -Name x {parameters}");
        Assert.Equal("ClawBot.InsecureBaseUrl", Id(run.Terminating?.ErrorRecord));
        Assert.Equal(ErrorCategory.SecurityError, run.Terminating!.ErrorRecord.CategoryInfo.Category);
        Assert.False(Directory.Exists(StorePath) && Directory.GetFiles(StorePath, "*.json").Length > 0);
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("garbage")]
    [InlineData("ftp://example.com/")]
    public void A_base_url_that_is_no_http_url_is_refused_as_invalid_not_insecure(string url)
    {
        var run = Ps.Run($"Connect-ClawBot -Name x -BaseUrl '{url}'");
        Assert.Equal("ClawBot.InvalidBaseUrl", Id(run.Terminating?.ErrorRecord));
        Assert.Equal(ErrorCategory.InvalidArgument, run.Terminating!.ErrorRecord.CategoryInfo.Category);
        Assert.False(Directory.Exists(StorePath) && Directory.GetFiles(StorePath, "*.json").Length > 0);
    }

    [Theory]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://localhost")]
    [InlineData("http://[::1]")]
    public void Loopback_http_is_accepted(string host)
    {
        // Only the refusal is in question: a loopback base passes the check and fails later on the closed port.
        var run = Ps.Run($"Connect-ClawBot -Name x -BaseUrl '{host}:9/' -CdnBaseUrl '{host}:9/c2c/'");
        Assert.NotEqual("ClawBot.InsecureBaseUrl", Id(run.Terminating?.ErrorRecord));
    }

    [Theory]
    [InlineData("'../evil'")]
    [InlineData("'.hidden'")]
    [InlineData("'a/b'")]
    [InlineData("('x' * 65)")]
    [InlineData("'name with spaces'")]
    public void Bad_profile_names_are_refused(string name)
    {
        var run = Ps.Run($"Connect-ClawBot -Name {name} -BaseUrl $SimBase -CdnBaseUrl $SimCdn");
        Assert.Equal("ClawBot.InvalidProfileName", Id(run.Terminating?.ErrorRecord));
    }

    [Theory]
    [InlineData("''")]
    [InlineData("$null")]
    public void Empty_profile_names_are_binding_errors(string name)
    {
        var run = Ps.Run($"Connect-ClawBot -Name {name}");
        Assert.Contains("ParameterArgumentValidationError", Id(run.Terminating?.ErrorRecord));
    }

    public static IEnumerable<object[]> Damages() => new[]
    {
        new object[] { "truncated", (Func<string, string>)(s => s[..(s.Length / 2)]) },
        new object[] { "empty", (Func<string, string>)(_ => "") },
        new object[] { "not JSON", (Func<string, string>)(_ => "<html>oops</html>") },
        new object[] { "token a number", (Func<string, string>)(s => System.Text.RegularExpressions.Regex.Replace(s, "\"botToken\": \"[^\"]*\"", "\"botToken\": 42")) },
        new object[] { "base URL garbage", (Func<string, string>)(s => System.Text.RegularExpressions.Regex.Replace(s, "\"baseUrl\": \"[^\"]*\"", "\"baseUrl\": \"::not a url::\"")) },
        new object[] { "newer format", (Func<string, string>)(s => s.Replace("\"formatVersion\": 1", "\"formatVersion\": 7")) },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_profile_is_a_clear_terminating_error_and_left_untouched(string what, Func<string, string> damage)
    {
        Connect();
        var path = Path.Combine(StorePath, "default.json");
        var damaged = damage(File.ReadAllText(path));
        File.WriteAllText(path, damaged);
        var before = File.ReadAllBytes(path);

        foreach (var script in new[] { "Connect-ClawBot", "Connect-ClawBot; Receive-ClawMessage -Timeout 1", "Get-ClawBot -Name default" })
        {
            var run = NewRunspace().Run(script);
            if (script.StartsWith("Get-ClawBot", StringComparison.Ordinal))
            {
                Assert.Null(run.Terminating); // listing must not fail because one profile is damaged
                continue;
            }
            Assert.True(Id(run.Terminating?.ErrorRecord) == "ClawBot.ProfileCorrupt", $"{what}: {run.Terminating}");
            Assert.Contains("left untouched", run.Terminating!.ErrorRecord.Exception.Message);
            Assert.NotNull(run.Terminating.ErrorRecord.ErrorDetails?.RecommendedAction);
        }
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_stored_profile_with_a_plain_http_remote_base_is_refused_unless_AllowInsecure()
    {
        Connect();
        var path = Path.Combine(StorePath, "default.json");
        var text = File.ReadAllText(path);
        File.WriteAllText(path, System.Text.RegularExpressions.Regex.Replace(text, "\"baseUrl\": \"[^\"]*\"", "\"baseUrl\": \"http://192.0.2.1/\""));
        var run = NewRunspace().Run("Connect-ClawBot");
        Assert.Equal("ClawBot.InsecureBaseUrl", Id(run.Terminating?.ErrorRecord));
    }

    [Fact]
    public async Task Send_and_receive_parameters_refuse_bad_values_with_specific_errors()
    {
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, user, "hi");
        Ps.Run("Receive-ClawMessage -First 1 | Out-Null").AssertNoErrors();
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "folder")).FullName;
        Ps.Set("folder", folder);
        Ps.Set("missing", Path.Combine(_dir, "missing.txt"));
        Ps.Set("huge", new string('y', 100_000));

        var cases = new (string Script, string Expected)[]
        {
            ("Send-ClawMessage -Text ''", "ClawBot.InvalidArgument"),
            ("Send-ClawMessage -Text '   '", "ClawBot.InvalidArgument"),
            ("Send-ClawMessage -Text \"`t`n\"", "ClawBot.InvalidArgument"),
            ("Send-ClawMessage -Text 'x' -To ''", "ParameterArgumentValidationError"),
            ("Send-ClawMessage -Text 'x' -To $null", "ParameterArgumentValidationError"),
            ("Send-ClawMessage -Text 'x' -To @()", "ParameterArgumentValidationError"),
            ("Send-ClawMessage -Text 'x' -To $huge", "ClawBot.ContactNotFound"),
            ("Send-ClawMessage -Text 'x' -Session 'nope'", "CannotConvertArgumentNoMessage"),
            ("Send-ClawFile -Path $folder", "ClawBot.NotAFile"),
            ("Send-ClawFile -LiteralPath $folder", "ClawBot.NotAFile"),
            ("Send-ClawFile -Path $missing", "ClawBot.FileNotFound"),
            ("Send-ClawFile -LiteralPath $missing", "ClawBot.FileNotFound"),
            ("Send-ClawFile -Path ''", "ParameterArgumentValidationError"),
            ("Send-ClawFile -Path 'Env:\\PATH'", "ClawBot.NotAFile"),
            ("Send-ClawFile -Path $missing -As Picture", "CannotConvertArgumentNoMessage"),
            ("Send-ClawFile -Path $missing -Caption ''", "ParameterArgumentValidationError"),
            ("Receive-ClawMessage -First 0", "ParameterArgumentValidationError"),
            ("Receive-ClawMessage -First -3", "ParameterArgumentValidationError"),
            ("Receive-ClawMessage -Timeout -5", "ClawBot.InvalidArgument"),
            ("Receive-ClawMessage -Timeout 'soon'", "CannotConvertArgumentNoMessage"),
            ("Receive-ClawMessage -From ''", "ParameterArgumentValidationError"),
        };
        var wrong = new List<string>();
        foreach (var (script, expected) in cases)
        {
            var run = Ps.Run(script);
            var ids = run.Errors.Select(Id).Append(Id(run.Terminating?.ErrorRecord)).ToList();
            if (!ids.Any(i => i.Contains(expected, StringComparison.Ordinal))) wrong.Add($"{script}: {string.Join(" | ", ids)}");
            Assert.DoesNotContain(ids, i => i.Contains("ClawBot.Unexpected", StringComparison.Ordinal));
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.DoesNotContain(await Control.SentAsync(bot), s => s.Text is "x" or "");
    }

    [Fact]
    public async Task An_oversized_text_goes_out_in_order_in_chunks()
    {
        var (bot, user) = Connect();
        Ps.Run(FaultKit.Tune).AssertNoErrors();
        await Control.SendTextToBotAsync(bot, user, "hi");
        Ps.Run("Receive-ClawMessage -First 1 | Out-Null").AssertNoErrors();
        var text = string.Concat(Enumerable.Range(0, 5000).Select(i => (char)('a' + i % 26)));
        Ps.Set("text", text);
        var run = Ps.Run("Send-ClawMessage -Text $text -PassThru");
        run.AssertNoErrors();
        Assert.Equal(text, string.Concat((await Control.SentAsync(bot)).Select(s => s.Text)));
    }
}
