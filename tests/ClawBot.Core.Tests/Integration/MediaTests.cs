using ClawBot.Core.Errors;
using ClawBot.Core.Messaging;
using ClawBot.Core.Tests.Support;
using ClawBot.Simulator.Control;

namespace ClawBot.Core.Tests.Integration;

/// <summary>PROTOCOL.md §7: upload (getuploadurl + CDN), media messages, download of every key encoding, CDN faults.</summary>
public sealed class MediaTests
{
    private const string User = "o9xAlice@im.wechat";

    private static string WriteFile(TempDir dir, string name, int size, int seed = 1)
    {
        Directory.CreateDirectory(dir.Path);
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        var path = dir.Combine(name);
        File.WriteAllBytes(path, data);
        return path;
    }

    [Theory]
    [InlineData("report.pdf", 0, 4)]
    [InlineData("notes.txt", 15, 4)]
    [InlineData("block.bin", 16, 4)]
    [InlineData("photo.png", 70_000, 2)]
    [InlineData("clip.mp4", 200_003, 5)]
    public async Task Round_trips_a_file_byte_identical(string name, int size, int itemType)
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        var ctx = (await sim.Control.SendTextToBotAsync(bot.BotId, User, "send me something")).ContextToken;
        using var dir = new TempDir();
        var path = WriteFile(dir, name, size);
        var progress = new List<TransferProgress>();

        var result = await client.SendFileAsync(User, ctx, path, OutboundMediaKind.Auto, null, new SyncProgress(progress), CancellationToken.None);
        var sent = Assert.Single(await sim.Control.SentAsync(bot.BotId, User));
        Assert.Equal(itemType, sent.ItemType);
        Assert.Equal(File.ReadAllBytes(path), sent.FileContent);
        Assert.Equal(result.ClientIds.Single(), sent.ClientId);
        if (itemType == 4) Assert.Equal(name, sent.FileName);
        Assert.Contains(progress, p => p.Stage == "encrypt" && p.Done == size);
        Assert.Contains(progress, p => p.Stage == "upload" && p.Done == p.Total);
        Assert.Empty((await sim.Control.StatsAsync()).StrictViolations);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cdn_parameters_holding_slash_plus_and_equals_are_escaped_in_the_url(bool serverBuildsTheUrl)
    {
        // The simulator hands out upload and download parameters with '/', '+' and '=' and lists any that arrive unescaped.
        await using var sim = await Sim.StartAsync(o => o.ReturnUploadFullUrl = serverBuildsTheUrl);
        Assert.True(sim.Options.UrlUnsafeParams);
        var (bot, client, _) = await Sim.BotAsync(sim);
        var ctx = (await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi")).ContextToken;
        using var dir = new TempDir();
        var path = WriteFile(dir, "data.bin", 3000);

        await client.SendFileAsync(User, ctx, path, OutboundMediaKind.File, null, null, CancellationToken.None);
        var sent = Assert.Single(await sim.Control.SentAsync(bot.BotId, User));
        Assert.Equal(File.ReadAllBytes(path), sent.FileContent);
        Assert.Contains('+', sent.DownloadParam!);

        var inbound = await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.File, FileName = "in.bin" });
        Assert.Contains('/', inbound.MediaDownloadParam!);
        var (messages, _) = await Sim.ReceiveAsync(client, "", 2);
        await client.DownloadAttachmentAsync(messages[^1].Attachments.Single(), new MemoryStream(), null, CancellationToken.None);
        Assert.Empty((await sim.Control.StatsAsync()).StrictViolations);
    }

    [Fact]
    public async Task A_caption_goes_first_as_its_own_text_message()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        var ctx = (await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi")).ContextToken;
        using var dir = new TempDir();
        var path = WriteFile(dir, "data.csv", 1234);
        var result = await client.SendFileAsync(User, ctx, path, OutboundMediaKind.File, "Here is the data", null, CancellationToken.None);
        var sent = await sim.Control.SentAsync(bot.BotId, User);
        Assert.Equal(new[] { 1, 4 }, sent.Select(s => s.ItemType));
        Assert.Equal("Here is the data", sent[0].Text);
        Assert.Equal(2, result.ClientIds.Distinct().Count());
    }

    [Fact]
    public async Task An_explicit_kind_overrides_the_extension_and_upload_full_url_is_followed()
    {
        await using var sim = await Sim.StartAsync(o => o.ReturnUploadFullUrl = true);
        var (bot, client, _) = await Sim.BotAsync(sim);
        var ctx = (await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi")).ContextToken;
        using var dir = new TempDir();
        var path = WriteFile(dir, "picture.png", 5000);
        var media = await client.UploadFileAsync(User, path, OutboundMediaKind.File, null, CancellationToken.None);
        Assert.Equal(OutboundMediaKind.File, media.Kind);
        Assert.Equal(AesEcbSize(5000), media.CipherSize);
        await client.SendMediaAsync(User, ctx, media, CancellationToken.None);
        var sent = Assert.Single(await sim.Control.SentAsync(bot.BotId, User));
        Assert.Equal(4, sent.ItemType);
        Assert.Equal(File.ReadAllBytes(path), sent.FileContent);
    }

    private static long AesEcbSize(long n) => (n / 16 + 1) * 16;

    [Fact]
    public async Task A_file_over_the_cap_fails_before_any_network_call()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, log) = await Sim.BotAsync(sim, o => o.MaxFileBytes = 1000);
        using var dir = new TempDir();
        var path = WriteFile(dir, "big.bin", 1001);
        var ex = await Assert.ThrowsAsync<FileTooLargeException>(() => client.SendFileAsync(User, null, path, OutboundMediaKind.Auto, "caption", null, CancellationToken.None));
        Assert.Equal("big.bin", ex.FileName);
        Assert.Equal(1001, ex.Size);
        Assert.Empty(log.Calls);
        Assert.Empty(await sim.Control.SentAsync(bot.BotId));
    }

    [Fact]
    public async Task The_service_size_limit_is_an_api_error()
    {
        await using var sim = await Sim.StartAsync(o => o.MaxFileBytes = 100);
        var (_, client, _) = await Sim.BotAsync(sim);
        using var dir = new TempDir();
        var path = WriteFile(dir, "big.bin", 500);
        await Assert.ThrowsAsync<ApiErrorException>(() => client.UploadFileAsync(User, path, OutboundMediaKind.File, null, CancellationToken.None));
    }

    [Theory]
    [InlineData(SimFaultKind.Status, 2)]
    [InlineData(SimFaultKind.NoEncryptedParam, 2)]
    [InlineData(SimFaultKind.Reset, 1)]
    public async Task Cdn_upload_retries_up_to_three_attempts(SimFaultKind kind, int count)
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, log) = await Sim.BotAsync(sim);
        var ctx = (await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi")).ContextToken;
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "cdn-upload", Kind = kind, Status = 500, Count = count });
        using var dir = new TempDir();
        var path = WriteFile(dir, "a.bin", 3000);
        await client.SendFileAsync(User, ctx, path, OutboundMediaKind.File, null, null, CancellationToken.None);
        Assert.Equal(File.ReadAllBytes(path), Assert.Single(await sim.Control.SentAsync(bot.BotId, User)).FileContent);
        Assert.Equal(count, log.Retries.Count(r => r.Operation == "cdn-upload" && !r.GivingUp));
        Assert.All(log.Calls.Where(c => c.Path.Contains("/c2c/")), c => Assert.Equal("/c2c/upload", c.Path));
    }

    [Theory]
    [InlineData(SimFaultKind.Status)]
    [InlineData(SimFaultKind.NoEncryptedParam)]
    public async Task Cdn_upload_gives_up_after_three_attempts(SimFaultKind kind)
    {
        await using var sim = await Sim.StartAsync();
        var (_, client, log) = await Sim.BotAsync(sim);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "cdn-upload", Kind = kind, Status = 500, Count = 3 });
        using var dir = new TempDir();
        var path = WriteFile(dir, "a.bin", 100);
        var ex = await Assert.ThrowsAsync<CdnException>(() => client.UploadFileAsync(User, path, OutboundMediaKind.File, null, CancellationToken.None));
        Assert.Equal(3, await Waits.RequestsAsync(sim, "cdn-upload"));
        Assert.True(log.Retries.Last().GivingUp);
        if (kind == SimFaultKind.Status) Assert.Equal(500, ex.StatusCode);
    }

    [Fact]
    public async Task Cdn_upload_4xx_is_not_retried_and_keeps_the_cdn_message()
    {
        await using var sim = await Sim.StartAsync();
        var (_, client, log) = await Sim.BotAsync(sim);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "cdn-upload", Kind = SimFaultKind.Status, Status = 400, Count = 3 });
        using var dir = new TempDir();
        var path = WriteFile(dir, "a.bin", 100);
        var ex = await Assert.ThrowsAsync<CdnException>(() => client.UploadFileAsync(User, path, OutboundMediaKind.File, null, CancellationToken.None));
        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("simulated fault", ex.Reason);
        Assert.Equal(1, await Waits.RequestsAsync(sim, "cdn-upload"));
        Assert.DoesNotContain(log.Retries, r => r.Operation == "cdn-upload");
    }

    [Fact]
    public async Task A_failed_upload_sends_nothing_not_even_the_caption()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        var ctx = (await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi")).ContextToken;
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "cdn-upload", Kind = SimFaultKind.Status, Status = 403 });
        using var dir = new TempDir();
        var path = WriteFile(dir, "a.bin", 100);

        await Assert.ThrowsAsync<CdnException>(() => client.SendFileAsync(User, ctx, path, OutboundMediaKind.File, "caption", null, CancellationToken.None));

        Assert.Empty(await sim.Control.SentAsync(bot.BotId));
    }

    [Fact]
    public async Task A_caption_goes_after_the_upload_and_just_before_its_file()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        var ctx = (await sim.Control.SendTextToBotAsync(bot.BotId, User, "hi")).ContextToken;
        using var dir = new TempDir();
        var path = WriteFile(dir, "a.bin", 100);

        var result = await client.SendFileAsync(User, ctx, path, OutboundMediaKind.File, "caption", null, CancellationToken.None);

        Assert.Equal(2, result.ClientIds.Count);
        var sent = await sim.Control.SentAsync(bot.BotId);
        Assert.Equal(new[] { 1, 4 }, sent.Select(m => m.ItemType));
        Assert.Equal("caption", sent[0].Text);
    }

    public static TheoryData<SimMediaKind, SimKeyEncoding> Encodings => new()
    {
        { SimMediaKind.Image, SimKeyEncoding.Default },
        { SimMediaKind.Image, SimKeyEncoding.Base64OfRaw },
        { SimMediaKind.Image, SimKeyEncoding.Base64OfHex },
        { SimMediaKind.Image, SimKeyEncoding.HexOnly },
        { SimMediaKind.Image, SimKeyEncoding.None },
        { SimMediaKind.File, SimKeyEncoding.Default },
        { SimMediaKind.File, SimKeyEncoding.Base64OfRaw },
        { SimMediaKind.Video, SimKeyEncoding.Default },
        { SimMediaKind.Voice, SimKeyEncoding.Default },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Downloads_inbound_media_in_every_key_encoding(SimMediaKind kind, SimKeyEncoding encoding)
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        var content = new byte[33_333];
        new Random((int)kind * 10 + (int)encoding).NextBytes(content);
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest
        {
            FromUserId = User, MediaKind = kind, KeyEncoding = encoding, Content = content,
            FileName = kind == SimMediaKind.File ? "in.bin" : null,
            Text = kind == SimMediaKind.Voice ? "transcribed words" : null,
            PlayTimeMs = kind == SimMediaKind.Voice ? 2500 : null,
        });
        var (messages, _) = await Sim.ReceiveAsync(client, "", 1);
        var attachment = Assert.Single(Assert.Single(messages).Attachments);
        if (kind == SimMediaKind.Voice)
        {
            Assert.Equal("transcribed words", messages[0].Text);
            Assert.Equal(TimeSpan.FromMilliseconds(2500), attachment.PlayTime);
        }
        if (kind == SimMediaKind.File) Assert.Equal("in.bin", attachment.FileName);

        using var destination = new MemoryStream();
        var progress = new List<TransferProgress>();
        var written = await client.DownloadAttachmentAsync(attachment, destination, new SyncProgress(progress), CancellationToken.None);
        Assert.Equal(content.Length, written);
        Assert.Equal(content, destination.ToArray());
        Assert.Contains(progress, p => p.Stage == "download");
    }

    [Fact]
    public async Task A_failed_download_is_a_cdn_error()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.File, FileName = "x", Content = new byte[10] });
        var (messages, _) = await Sim.ReceiveAsync(client, "", 1);
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "cdn-download", Kind = SimFaultKind.Status, Status = 500 });
        var ex = await Assert.ThrowsAsync<CdnException>(() => client.DownloadAttachmentAsync(messages[0].Attachments[0], new MemoryStream(), null, CancellationToken.None));
        Assert.Equal(500, ex.StatusCode);

        var unknown = new MediaAttachment { Kind = AttachmentKind.File, Media = new CdnMediaReference { EncryptQueryParam = "nope", AesKey = "MGYxZTJkM2M0YjVhNjk3ODg3OTZhNWI0YzNkMmUxZjA=" } };
        Assert.Equal(404, (await Assert.ThrowsAsync<CdnException>(() => client.DownloadAttachmentAsync(unknown, new MemoryStream(), null, CancellationToken.None))).StatusCode);
    }

    [Fact]
    public async Task A_wrong_key_or_md5_is_an_integrity_failure()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.File, FileName = "x", Content = new byte[1000] });
        var (messages, _) = await Sim.ReceiveAsync(client, "", 1);
        var real = messages[0].Attachments[0];

        var wrongMd5 = new MediaAttachment { Kind = real.Kind, Size = real.Size, SizeIsPlaintext = real.SizeIsPlaintext, Md5 = new string('0', 32), Media = real.Media };
        await Assert.ThrowsAsync<MediaIntegrityException>(() => client.DownloadAttachmentAsync(wrongMd5, new MemoryStream(), null, CancellationToken.None));

        var wrongKey = new MediaAttachment
        {
            Kind = real.Kind,
            Media = new CdnMediaReference { EncryptQueryParam = real.Media!.EncryptQueryParam, FullUrl = real.Media.FullUrl, AesKey = "Dx4tPEtaaXiHlqW0w9Lh8A==" },
        };
        await Assert.ThrowsAsync<MediaIntegrityException>(() => client.DownloadAttachmentAsync(wrongKey, new MemoryStream(), null, CancellationToken.None));

        var noKey = new MediaAttachment { Kind = AttachmentKind.File, Media = new CdnMediaReference { EncryptQueryParam = "x" } };
        await Assert.ThrowsAsync<MediaIntegrityException>(() => client.DownloadAttachmentAsync(noKey, new MemoryStream(), null, CancellationToken.None));
    }

    [Fact]
    public async Task A_quote_with_only_svr_id_is_mapped()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, Text = "re: that", QuoteSvrId = "9223372036854775809" });
        var (messages, _) = await Sim.ReceiveAsync(client, "", 1);
        Assert.Equal("9223372036854775809", messages[0].Quote!.MessageId);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests want the reports in hand when the call returns.</summary>
    private sealed class SyncProgress : IProgress<TransferProgress>
    {
        private readonly List<TransferProgress> _into;
        public SyncProgress(List<TransferProgress> into) => _into = into;
        public void Report(TransferProgress value) { lock (_into) _into.Add(value); }
    }
}
