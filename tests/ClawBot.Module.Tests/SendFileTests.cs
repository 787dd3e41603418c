using System.Management.Automation;
using ClawBot.Module.Tests.Support;

namespace ClawBot.Module.Tests;

public sealed class SendFileTests : ModuleTest, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clawbot-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string MakeFile(string name, int size)
    {
        var path = Path.Combine(_dir, name);
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private async Task<(string Bot, string User)> ConnectedWithInboundAsync()
    {
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, user, "send me the report");
        Ps.Run("Receive-ClawMessage -First 1 | Out-Null").AssertNoErrors();
        return (bot, user);
    }

    [Fact]
    public async Task FileArrivesByteIdentical()
    {
        var (bot, user) = await ConnectedWithInboundAsync();
        var path = MakeFile("report.pdf", 300_001);
        var run = Ps.Run($"Send-ClawFile -Path '{path}' -To '{user}' -PassThru");
        run.AssertNoErrors();
        Assert.Equal("File", run.Output.Single().Properties["Kind"].Value);
        var sent = Assert.Single(await Control.SentAsync(bot));
        Assert.Equal(4, sent.ItemType);
        Assert.Equal("report.pdf", sent.FileName);
        Assert.Equal(File.ReadAllBytes(path), sent.FileContent);
    }

    [Fact]
    public async Task ImageIsRoutedByTypeAndCaptionGoesFirst()
    {
        var (bot, _) = await ConnectedWithInboundAsync();
        var path = MakeFile("chart.png", 40_000);
        var run = Ps.Run($"Send-ClawFile '{path}' -Caption 'CPU last night'");
        run.AssertNoErrors();
        var sent = await Control.SentAsync(bot);
        Assert.Equal(2, sent.Count);
        Assert.Equal("CPU last night", sent[0].Text);
        Assert.Equal(2, sent[1].ItemType);
        Assert.Equal(File.ReadAllBytes(path), sent[1].FileContent);
    }

    [Fact]
    public async Task FileInfoObjectsBindByPropertyName()
    {
        var (bot, _) = await ConnectedWithInboundAsync();
        Ps.Set("files", new[] { new FileInfo(MakeFile("a.txt", 10)), new FileInfo(MakeFile("b.txt", 20)) });
        var run = Ps.Run("$files | Send-ClawFile -As File -PassThru");
        run.AssertNoErrors();
        Assert.Equal(2, run.Output.Count);
        Assert.Equal(new[] { "a.txt", "b.txt" }, (await Control.SentAsync(bot)).Select(s => s.FileName));
    }

    [Fact]
    public async Task WildcardsResolveThroughTheProvider()
    {
        var (bot, _) = await ConnectedWithInboundAsync();
        MakeFile("x1.log", 5);
        MakeFile("x2.log", 6);
        MakeFile("y.txt", 7);
        var run = Ps.Run($"Send-ClawFile -Path '{Path.Combine(_dir, "x*.log")}'");
        run.AssertNoErrors();
        Assert.Equal(new[] { "x1.log", "x2.log" }, (await Control.SentAsync(bot)).Select(s => s.FileName).OrderBy(n => n));
    }

    [Fact]
    public async Task TooLargeFailsBeforeAnyNetworkCallAndTheRestGoesOn()
    {
        var (bot, _) = await ConnectedWithInboundAsync();
        var big = Path.Combine(_dir, "huge.bin");
        using (var f = File.Create(big)) f.SetLength(20L * 1024 * 1024 + 1);
        var small = MakeFile("small.txt", 100);
        var missing = Path.Combine(_dir, "nope.txt");

        var run = Ps.Run($"Send-ClawFile -LiteralPath '{big}','{missing}','{_dir}','{small}'");
        Assert.Null(run.Terminating);
        Assert.Equal(
            new[] { "ClawBot.FileTooLarge", "ClawBot.FileNotFound", "ClawBot.NotAFile" },
            run.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).OrderBy(x => x == "ClawBot.FileTooLarge" ? 0 : x == "ClawBot.FileNotFound" ? 1 : 2));
        Assert.Equal(ErrorCategory.LimitsExceeded, run.Errors.Single(e => e.FullyQualifiedErrorId.StartsWith("ClawBot.FileTooLarge")).CategoryInfo.Category);
        Assert.Equal(ErrorCategory.ObjectNotFound, run.Errors.Single(e => e.FullyQualifiedErrorId.StartsWith("ClawBot.FileNotFound")).CategoryInfo.Category);
        Assert.Equal(new[] { "small.txt" }, (await Control.SentAsync(bot)).Select(s => s.FileName));
        var stats = await Control.StatsAsync();
        Assert.Equal(1, stats.RequestsByEndpoint.GetValueOrDefault("getuploadurl"));
    }

    [Fact]
    public async Task APipedMessageIsNeverTakenForAPath()
    {
        // Whoever writes to the bot spells the message text; piped on, it must not name files to send back to them.
        var secret = MakeFile("id_ed25519", 100);
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, user, secret);
        var run = Ps.Run("Receive-ClawMessage -First 1 | Send-ClawFile -Caption 'here'");

        Assert.Empty(await Control.SentAsync(bot));
        Assert.Equal(0, (await Control.StatsAsync()).RequestsByEndpoint.GetValueOrDefault("getuploadurl"));
        var error = Assert.Single(run.Errors);
        Assert.StartsWith("ParameterArgumentTransformationError,", error.FullyQualifiedErrorId);
        Assert.Contains("not a ClawBot.Message", error.Exception.Message);
    }

    [Fact]
    public async Task FilesAndPathStringsStillBindFromThePipeline()
    {
        var (bot, user) = await ConnectedWithInboundAsync();
        var a = MakeFile("a.txt", 10);
        var b = MakeFile("b.txt", 20);
        var run = Ps.Run($"'{a}' | Send-ClawFile -To '{user}'; [System.IO.FileInfo]::new('{b}') | Send-ClawFile -To '{user}'");
        run.AssertNoErrors();
        Assert.Equal(new[] { "a.txt", "b.txt" }, (await Control.SentAsync(bot)).Select(s => s.FileName));
    }

    [Fact]
    public async Task WhatIfUploadsNothing()
    {
        var (bot, _) = await ConnectedWithInboundAsync();
        var run = Ps.Run($"Send-ClawFile '{MakeFile("r.pdf", 1000)}' -WhatIf");
        run.AssertNoErrors();
        Assert.Empty(await Control.SentAsync(bot));
        Assert.Equal(0, (await Control.StatsAsync()).RequestsByEndpoint.GetValueOrDefault("getuploadurl"));
    }

    [Fact]
    public async Task ProgressIsShownWhileEncryptingAndUploading()
    {
        await ConnectedWithInboundAsync();
        var run = Ps.Run($"Send-ClawFile '{MakeFile("backup.zip", 3 * 1024 * 1024)}'");
        run.AssertNoErrors();
        Assert.Contains(run.Progress, p => p.StatusDescription.StartsWith("Encrypting", StringComparison.Ordinal));
        Assert.Contains(run.Progress, p => p.StatusDescription.StartsWith("Uploading", StringComparison.Ordinal));
        Assert.Equal(ProgressRecordType.Completed, run.Progress[^1].RecordType);
        Assert.All(run.Progress, p => Assert.Contains("backup.zip", p.Activity));
    }
}
