using System.Buffers.Binary;
using System.Text;
using ClawBot.Core.Messaging;
using ClawBot.Core.Tests.Support;
using ClawBot.Simulator.Control;

namespace ClawBot.Core.Tests.Integration;

/// <summary>
/// The simulator's full shapes (the default) and its sparse ones, end to end: thumbnails that download, quotes with
/// their text, selection and media.
/// </summary>
public sealed class FullShapeTests
{
    private const string User = "o9xAlice@im.wechat";

    private static async Task<byte[]> DownloadAsync(Api.ILinkClient client, MediaAttachment attachment)
    {
        using var buffer = new MemoryStream();
        await client.DownloadAttachmentAsync(attachment, buffer, null, CancellationToken.None);
        return buffer.ToArray();
    }

    [Fact]
    public async Task Image_and_video_thumbnails_download_with_their_dimensions()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        var image = new byte[5000];
        new Random(3).NextBytes(image);
        var thumb = Encoding.ASCII.GetBytes("a video thumbnail");
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.Image, Content = image, ThumbWidth = 160, ThumbHeight = 100 });
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.Video, ThumbContent = thumb, ThumbWidth = 32, ThumbHeight = 18 });
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.Image, KeyEncoding = SimKeyEncoding.HexOnly });
        var (messages, _) = await Sim.ReceiveAsync(client, "", 3);

        var imageThumb = messages[0].Attachments.Single().Thumbnail!;
        Assert.Equal((160, 100), (imageThumb.Width, imageThumb.Height));
        var png = await DownloadAsync(client, imageThumb);
        Assert.Equal("\u0089PNG", Encoding.Latin1.GetString(png, 0, 4));
        Assert.Equal((160, 100), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
        Assert.Equal(image, await DownloadAsync(client, messages[0].Attachments.Single()));

        var videoThumb = messages[1].Attachments.Single().Thumbnail!;
        Assert.Equal((32, 18), (videoThumb.Width, videoThumb.Height));
        Assert.Equal(thumb, await DownloadAsync(client, videoThumb));

        // A thumbnail whose key is only the image's hex aeskey.
        Assert.Equal("\u0089PNG", Encoding.Latin1.GetString(await DownloadAsync(client, messages[2].Attachments.Single().Thumbnail!), 0, 4));
        Assert.All(messages, m => Assert.False(string.IsNullOrEmpty(m.SessionId)));
    }

    [Fact]
    public async Task A_full_quote_gives_the_quoted_text_selection_and_media()
    {
        await using var sim = await Sim.StartAsync();
        var (bot, client, _) = await Sim.BotAsync(sim);
        var original = await sim.Control.SendTextToBotAsync(bot.BotId, User, "first line\nsecond line, the one that matters");
        var photo = new byte[777];
        new Random(5).NextBytes(photo);
        var photoMessage = await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.Image, Content = photo });
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, Text = "this", QuoteMessageId = original.MessageId, QuoteSelection = "the one that matters" });
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, Text = "and this", QuoteMessageId = photoMessage.MessageId });
        var (messages, _) = await Sim.ReceiveAsync(client, "", 4);

        var text = messages[2].Quote!;
        Assert.Equal((original.MessageId, "first line\nsecond line, the one that matters", "the one that matters"), (text.MessageId, text.Text, text.SelectedText));
        Assert.Null(text.Attachment);

        var media = messages[3].Quote!;
        Assert.Equal((photoMessage.MessageId, "[图片]"), (media.MessageId, media.Title));
        Assert.Empty(messages[3].Attachments); // the quoted photo belongs to the quote
        Assert.Equal(photo, await DownloadAsync(client, media.Attachment!));
        Assert.NotNull(media.Attachment!.Thumbnail);
    }

    [Fact]
    public async Task Sparse_shapes_give_no_thumbnail_and_an_id_only_quote()
    {
        await using var sim = await Sim.StartAsync(o => o.FullShapes = false);
        var (bot, client, _) = await Sim.BotAsync(sim);
        var original = await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.Image });
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, Text = "re", QuoteMessageId = original.MessageId });
        var (messages, _) = await Sim.ReceiveAsync(client, "", 2);
        Assert.Null(messages[0].Attachments.Single().Thumbnail);
        var quote = messages[1].Quote!;
        Assert.Equal((original.MessageId, (string?)null, (string?)null, (MediaAttachment?)null), (quote.MessageId, quote.Text, quote.Title, quote.Attachment));
        Assert.Null(messages[0].SessionId);
    }
}
