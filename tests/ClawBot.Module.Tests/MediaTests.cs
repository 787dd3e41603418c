using System.Management.Automation;
using System.Security.Cryptography;
using ClawBot.Module.Tests.Support;
using ClawBot.Simulator.Control;

namespace ClawBot.Module.Tests;

/// <summary>Issue 5: inbound media described and saved, outbound media kinds.</summary>
public sealed class MediaTests : ModuleTest, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clawbot-media-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Bytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Fact]
    public async Task EveryInboundKindIsDescribedAndSavedByteIdentical()
    {
        var (bot, user) = Connect();
        var image = Bytes(70_000, 1);
        image[0] = 0x89; image[1] = 0x50; image[2] = 0x4E; image[3] = 0x47; // a PNG signature: saved as .png
        var file = Bytes(123_457, 2);
        var video = Bytes(300_000, 3);
        var voice = Bytes(9_000, 4);
        await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, MediaKind = SimMediaKind.Image, Content = image });
        await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, MediaKind = SimMediaKind.File, FileName = "q3 report.pdf", Content = file });
        await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, MediaKind = SimMediaKind.Video, Content = video });
        await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, MediaKind = SimMediaKind.Voice, Content = voice, Text = "call me back", PlayTimeMs = 4200 });
        Ps.Set("dir", _dir);

        var run = Ps.Run("Receive-ClawMessage -First 4 -SaveAttachmentsTo $dir");
        run.AssertNoErrors();

        var messages = run.Output.Select(o => o.BaseObject).Cast<dynamic>().ToList();
        Assert.Equal(new[] { "Image", "File", "Video", "Voice" }, messages.Select(m => (string)m.Kind.ToString()));
        var attachments = messages.Select(m => (dynamic)m.Attachments[0]).ToList();
        Assert.Equal("q3 report.pdf", (string)attachments[1].FileName);
        Assert.Equal(123_457L, (long?)attachments[1].Size);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(file)), (string)attachments[1].Md5);
        Assert.Equal(TimeSpan.FromMilliseconds(4200), (TimeSpan?)attachments[3].PlayTime);
        Assert.Equal("call me back", (string)attachments[3].Transcription);
        Assert.Equal("call me back", (string)messages[3].Text);

        var expected = new[] { image, file, video, voice };
        for (var i = 0; i < 4; i++)
        {
            FileInfo saved = attachments[i].SavedFile;
            Assert.Equal(_dir, saved.DirectoryName);
            Assert.Equal(expected[i], File.ReadAllBytes(saved.FullName));
        }
        Assert.EndsWith(".png", ((FileInfo)attachments[0].SavedFile).Name);
        Assert.Equal("q3 report.pdf", ((FileInfo)attachments[1].SavedFile).Name);
    }

    [Fact]
    public async Task ThumbnailsAreAttachmentsWithDimensionsAndSaveBesideTheirFile()
    {
        var (bot, user) = Connect();
        var thumb = Bytes(4_000, 7);
        thumb[0] = 0xFF; thumb[1] = 0xD8; thumb[2] = 0xFF; // a JPEG signature: saved as .jpg
        var sent = await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, MediaKind = SimMediaKind.Image, ThumbContent = thumb, ThumbWidth = 200, ThumbHeight = 150 });
        await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, MediaKind = SimMediaKind.Video });
        await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, MediaKind = SimMediaKind.File, FileName = "notes.txt" });
        Ps.Set("dir", _dir);

        var run = Ps.Run("""
            $m = Receive-ClawMessage -First 3
            $m | Save-ClawAttachment -Destination $dir -Thumbnail
            '--'
            $m.Attachments | Format-Table | Out-String -Width 200
            """);
        run.AssertNoErrors();
        var files = run.Objects<FileInfo>().ToList();
        Assert.Equal(2, files.Count); // the file has no thumbnail: passed over without an error
        Assert.Equal($"image-{sent.MessageId}-thumbnail.jpg", files[0].Name);
        Assert.Equal(thumb, File.ReadAllBytes(files[0].FullName));
        Assert.EndsWith("-thumbnail.png", files[1].Name);

        var image = (dynamic)((dynamic)Ps.Get("m")!)[0].Attachments[0];
        Assert.Equal((200, 150, true), ((int?)image.Thumbnail.Width, (int?)image.Thumbnail.Height, (bool)image.Thumbnail.IsThumbnail));
        Assert.Equal(files[0].FullName, ((FileInfo)image.Thumbnail.SavedFile).FullName);
        Assert.Null((object?)image.SavedFile); // only the thumbnail was saved
        Assert.Equal("Image (thumbnail)", (string)image.Thumbnail.ToString());
        var table = run.Output.Select(o => o.BaseObject).OfType<string>().Single(t => t.Contains("Thumbnail"));
        Assert.Contains("200x150", table);
        Assert.Contains("120x90", table); // the video's generated thumbnail
    }

    [Fact]
    public async Task AQuoteCarriesItsTextSelectionAndSavableMedia()
    {
        var (bot, user) = Connect();
        var original = await Control.SendTextToBotAsync(bot, user, "deploy at 5pm, not before");
        var photo = Bytes(9_000, 8);
        var photoMessage = await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, MediaKind = SimMediaKind.Image, Content = photo });
        await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, Text = "really?", QuoteMessageId = original.MessageId, QuoteSelection = "not before" });
        await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, Text = "this one", QuoteMessageId = photoMessage.MessageId });
        Ps.Set("dir", _dir);

        var run = Ps.Run("""
            $m = Receive-ClawMessage -First 4
            $m[3].Quote.Attachment | Save-ClawAttachment -Destination $dir
            """);
        run.AssertNoErrors();
        dynamic messages = Ps.Get("m")!;
        var text = messages[2].Quote;
        Assert.Equal((original.MessageId, "deploy at 5pm, not before", "not before"), ((string)text.MessageId, (string)text.Text, (string)text.SelectedText));
        Assert.Equal("not before", (string)text.ToString());
        Assert.Null((object?)text.Attachment);
        var media = messages[3].Quote;
        Assert.Equal("[图片]", (string)media.Title);
        Assert.Empty((IEnumerable<object>)messages[3].Attachments);
        var saved = run.Objects<FileInfo>().Single();
        Assert.Equal(photo, File.ReadAllBytes(saved.FullName));
        Assert.StartsWith($"image-{photoMessage.MessageId}", saved.Name); // named after the quoted message
        Assert.NotNull((object?)media.Attachment.Thumbnail);
    }

    [Theory]
    [InlineData(SimKeyEncoding.Default)]
    [InlineData(SimKeyEncoding.Base64OfRaw)]
    [InlineData(SimKeyEncoding.Base64OfHex)]
    [InlineData(SimKeyEncoding.HexOnly)]
    [InlineData(SimKeyEncoding.None)]
    public async Task ImagesDecodeWithEveryKeyEncoding(SimKeyEncoding encoding)
    {
        var (bot, user) = Connect();
        var image = Bytes(20_000, (int)encoding);
        await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, MediaKind = SimMediaKind.Image, Content = image, KeyEncoding = encoding });
        Ps.Set("dir", _dir);

        var run = Ps.Run("Receive-ClawMessage -First 1 | Save-ClawAttachment -Destination $dir");
        run.AssertNoErrors();
        Assert.Equal(image, File.ReadAllBytes(run.Objects<FileInfo>().Single().FullName));
    }

    [Fact]
    public async Task SaveNeverOverwritesUnlessForced()
    {
        var (bot, user) = Connect();
        await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, MediaKind = SimMediaKind.File, FileName = "notes.txt", Content = Bytes(10, 5) });
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "mine");
        Ps.Set("dir", _dir);

        var run = Ps.Run("$m = Receive-ClawMessage -First 1; $m | Save-ClawAttachment $dir; $m.Attachments | Save-ClawAttachment $dir -Force");
        run.AssertNoErrors();
        Assert.Equal(new[] { "notes (1).txt", "notes.txt" }, run.Objects<FileInfo>().Select(f => f.Name));
        Assert.Equal(Bytes(10, 5), File.ReadAllBytes(Path.Combine(_dir, "notes.txt")));
    }

    [Fact]
    public async Task ACorruptedCdnObjectIsAnErrorNamingTheMessageAndLeavesNoFile()
    {
        var (bot, user) = Connect();
        var sent = await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, MediaKind = SimMediaKind.File, FileName = "x.bin", Content = Bytes(5000, 6) });
        await Control.InjectFaultAsync(new SimFault { Endpoint = "cdn-download", Kind = SimFaultKind.Malformed, Count = 1 });
        Ps.Set("dir", _dir);

        var run = Ps.Run("Receive-ClawMessage -First 1 -SaveAttachmentsTo $dir");
        Assert.Null(run.Terminating);
        Assert.Single(run.Output); // the message itself is still delivered
        var error = Assert.Single(run.Errors);
        Assert.Contains(sent.MessageId, error.ErrorDetails.Message);
        Assert.Contains(error.FullyQualifiedErrorId.Split(',')[0], new[] { "ClawBot.CdnError", "ClawBot.AttachmentIntegrity" });
        Assert.Equal("ClawBot.Attachment", error.TargetObject.GetType().FullName);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task VideoGoesOutAsVideo()
    {
        var (bot, user) = Connect();
        await Control.SendTextToBotAsync(bot, user, "send me the clip");
        Ps.Run("Receive-ClawMessage -First 1 | Out-Null").AssertNoErrors();
        var clip = Path.Combine(_dir, "clip.mp4");
        File.WriteAllBytes(clip, Bytes(50_000, 7));

        Ps.Run($"Send-ClawFile '{clip}'").AssertNoErrors();
        var sentItem = Assert.Single(await Control.SentAsync(bot));
        Assert.Equal(5, sentItem.ItemType);
        Assert.Equal(File.ReadAllBytes(clip), sentItem.FileContent);
    }

    [Fact]
    public async Task AFileAsTheSaveFolderIsRefusedUpFront()
    {
        var (bot, user) = Connect();
        await Control.SendToBotAsync(bot, new SimInboundRequest { FromUserId = user, MediaKind = SimMediaKind.Image, Content = Bytes(100, 8) });
        var file = Path.Combine(_dir, "not-a-folder.txt");
        File.WriteAllText(file, "x");
        var run = Ps.Run($"Receive-ClawMessage -First 1 -SaveAttachmentsTo '{file}'");
        Assert.Equal("ClawBot.NotAFile,ClawBot.Commands.ReceiveClawMessageCommand", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
        var save = Ps.Run($"Receive-ClawMessage -First 1 | Save-ClawAttachment -Destination '{file}'");
        Assert.StartsWith("ClawBot.NotAFile", save.Terminating?.ErrorRecord.FullyQualifiedErrorId);
    }
}
