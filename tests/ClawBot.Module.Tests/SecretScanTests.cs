using System.Management.Automation;
using ClawBot.Module.Tests.Support;
using ClawBot.Simulator.Control;

namespace ClawBot.Module.Tests;

/// <summary>
/// Every cmdlet with -Verbose and -Debug while faults are injected; every stream, every error record (message,
/// exception chain, target object, ErrorDetails) and every file the module wrote outside the store is searched for the
/// bot token, the Authorization header value and every context token the simulator issued.
/// </summary>
public sealed class SecretScanTests : ModuleTest, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clawbot-secrets-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task No_secret_anywhere_with_every_cmdlet_verbose_debug_and_failing()
    {
        var (bot, user) = Connect();
        Ps.Run(FaultKit.Tune).AssertNoErrors();
        var contextTokens = new List<string>();
        contextTokens.Add((await Control.SendTextToBotAsync(bot, user, "hello")).ContextToken);
        var media = new List<SimInbound>
        {
            await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = "carol@im.wechat", MediaKind = SimMediaKind.Image, KeyEncoding = SimKeyEncoding.Default }),
            await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, MediaKind = SimMediaKind.File, FileName = "in.txt" }),
        };
        // A quote of the image (full shape: the quoted item, its keys and CDN parameters, travel in ref_msg).
        media.Add(await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, MediaKind = SimMediaKind.Video, QuoteMessageId = media[0].MessageId }));
        contextTokens.AddRange(media.Select(m => m.ContextToken));

        foreach (var (endpoint, kind) in new[]
        {
            ("getupdates", SimFaultKind.Status), ("getupdates", SimFaultKind.Malformed), ("getupdates", SimFaultKind.Html),
            ("sendmessage", SimFaultKind.Reset), ("sendmessage", SimFaultKind.LoseResponse), ("sendmessage", SimFaultKind.ApiError),
            ("getuploadurl", SimFaultKind.Status), ("cdn-upload", SimFaultKind.NoEncryptedParam), ("cdn-upload", SimFaultKind.Status),
            ("notifystart", SimFaultKind.Status),
        })
        {
            // ret -1, not -2: a refusal of the send window (-2) would close it, and the sends after it would not be tried.
            await Control.InjectFaultAsync(new SimFault { Endpoint = endpoint, Kind = kind, Count = 1, Status = 503, Ret = -1 });
        }
        var file = Path.Combine(_dir, "report.txt");
        File.WriteAllText(file, "nothing secret");
        Ps.Set("file", file);
        Ps.Set("dir", _dir);

        var run = Ps.Run("""
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'
            # Every property of every object, as a user poking at it would see them.
            function Dump { process { if ($null -ne $_) { "$_"; foreach ($p in $_.PSObject.Properties) { try { "$($p.Name)=$($p.Value)" } catch { } } } } }
            $m = Receive-ClawMessage -First 4 -Timeout 20 -SaveAttachmentsTo "$dir/in"
            $m; $m | Dump; $m.Attachments | Dump; $m.Quote | Dump; $m.Session | Dump
            $m.Attachments.Thumbnail | Dump; $m.Quote.Attachment | Dump; $m.Quote.Attachment.Thumbnail | Dump
            $m | Save-ClawAttachment "$dir/thumbs" -Thumbnail | Dump
            $m.Attachments | Format-Table | Out-String; $m.Attachments.Thumbnail | Format-List * | Out-String
            $m | ForEach-Object { $_.ContextToken | Dump; "$($_.ContextToken)" }
            try { $m | ConvertTo-Json -Depth 6 } catch { "json: $_" }
            $m[0] | Send-ClawMessage -Text 'reply' -PassThru | Dump
            $m[0] | Send-ClawMessage -Text 'refused' -PassThru | Dump
            Send-ClawMessage -Text ('x' * 2500) -PassThru | Dump
            Send-ClawFile -LiteralPath $file -Caption 'cap' -PassThru | Dump
            Send-ClawFile -LiteralPath $file -PassThru | Dump
            Send-ClawFile -LiteralPath $file -PassThru | Dump
            Send-ClawMessage -To 'stranger@im.wechat' -Text 'nope'
            Get-ClawBot | Dump; Get-ClawBot -Current | Dump
            $s = Connect-ClawBot -PassThru; $s | Dump
            Disconnect-ClawBot
            try { Send-ClawMessage -Text 'not connected' } catch { $_ | Dump }
            $Error | Dump; $Error | ForEach-Object { $_.Exception | Dump; $_.ErrorDetails | Dump; $_.InvocationInfo | Dump }
            [IO.Directory]::GetFiles($dir, '*', 'AllDirectories') | ForEach-Object { [IO.File]::ReadAllText($_) }
            """);

        // AES keys in every encoding the wire uses, and CDN parameters, inbound and outbound.
        var keys = media.Select(m => m.MediaKeyHex!).ToList();
        var sentMedia = (await Control.SentAsync(bot)).Where(m => m.AesKey is not null).ToList();
        Assert.NotEmpty(sentMedia);
        keys.AddRange(sentMedia.Select(m => System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(m.AesKey!))));
        var keyForms = keys.SelectMany(hex => new[]
        {
            hex, hex.ToUpperInvariant(), Convert.ToBase64String(Convert.FromHexString(hex)),
            Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(hex)),
        });
        var cdnParams = media.Select(m => m.MediaDownloadParam!).Concat(sentMedia.Select(m => m.DownloadParam!))
            .Concat(media.Where(m => m.ThumbnailDownloadParam is not null).Select(m => m.ThumbnailDownloadParam!))
            .SelectMany(p => new[] { p, Uri.EscapeDataString(p) });
        Assert.Equal(2, media.Count(m => m.ThumbnailDownloadParam is not null));
        var secrets = Secrets.InStore(StorePath).Concat(contextTokens).Concat(keyForms).Concat(cdnParams).Distinct().ToList();
        var token = secrets.First();
        secrets.Add("Bearer " + token);
        var texts = run.AllText().ToList();
        // Everything the module wrote outside the store (the temp folder the files came from, the store's parent).
        foreach (var f in Directory.EnumerateFiles(Path.GetDirectoryName(StorePath)!, "*", SearchOption.AllDirectories)
                     .Where(f => !f.StartsWith(StorePath, StringComparison.Ordinal)))
            texts.Add(File.ReadAllText(f));
        foreach (var text in texts)
            foreach (var secret in secrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a secret leaked into: {text}");

        Assert.True(run.Terminating is null, "terminating: " + run.Terminating);
        Assert.NotEmpty(run.Verbose);
        Assert.Contains(run.Debug, d => d.Contains("retrying", StringComparison.Ordinal));
        Assert.NotEmpty(run.Errors);
        Assert.Equal(4, contextTokens.Distinct().Count());
    }

    [Fact]
    public void No_secret_in_a_failed_connect_to_a_damaged_or_insecure_profile()
    {
        Connect();
        var path = Path.Combine(StorePath, "default.json");
        var secrets = Secrets.InStore(StorePath);
        var original = File.ReadAllText(path);
        File.WriteAllText(path, original.Replace("\"formatVersion\": 1", "\"formatVersion\": 1, broken"));
        var run = NewRunspace().Run("$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; Connect-ClawBot");
        Assert.Equal("ClawBot.ProfileCorrupt,ClawBot.Commands.ConnectClawBotCommand", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
        foreach (var text in run.AllText())
            foreach (var secret in secrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a secret leaked into: {text}");
    }
}
