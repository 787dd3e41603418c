using ClawBot.Core.Errors;
using ClawBot.Core.Media;
using ClawBot.Core.Messaging;
using ClawBot.Core.Tests.Support;
using ClawBot.Simulator.Control;

namespace ClawBot.Core.Tests.Integration;

public sealed class AttachmentSaverTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clawbot-save-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("../../etc/passwd", "_.._etc_passwd")]
    [InlineData("..\\..\\boot.ini", "_.._boot.ini")]
    [InlineData("CON.txt", "_CON.txt")]
    [InlineData("a\u0001b?.doc", "a_b_.doc")]
    [InlineData("   ", "file-42.bin")]
    [InlineData(null, "file-42.bin")]
    public void Sender_names_are_made_safe(string? sent, string expected) =>
        Assert.Equal(expected, AttachmentFileNames.For(sent, AttachmentKind.File, "42", 0, ".bin"));

    [Fact]
    public void Long_names_keep_their_extension()
    {
        var name = AttachmentFileNames.For(new string('x', 300) + ".pdf", AttachmentKind.File, "1", 0, ".bin");
        Assert.Equal(new string('x', AttachmentFileNames.MaxBytes - 4) + ".pdf", name);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, ".jpg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D }, ".png")]
    [InlineData(new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70 }, ".mp4")]
    [InlineData(new byte[] { 1, 2, 3 }, ".jpg")]
    public void Image_extension_comes_from_the_content(byte[] head, string ext) =>
        Assert.Equal(ext, AttachmentFileNames.ExtensionFor(AttachmentKind.Image, null, head));

    private static async Task<(InboundMessage Message, AttachmentSaver Saver)> ReceiveMediaAsync(Simulator.SimulatorServer sim, SimInboundRequest request)
    {
        var (bot, client, _) = await Sim.BotAsync(sim);
        await sim.Control.SendToBotAsync(bot.BotId, request);
        var (messages, _) = await Sim.ReceiveAsync(client, "", 1);
        return (messages.Single(), new AttachmentSaver(client));
    }

    [Fact]
    public async Task Saves_byte_identical_and_numbers_a_name_that_is_taken()
    {
        await using var sim = await Sim.StartAsync();
        var content = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
        var (message, saver) = await ReceiveMediaAsync(sim, new SimInboundRequest
        {
            FromUserId = "u@im.wechat", MediaKind = SimMediaKind.File, FileName = "data.bin", Content = content,
        });
        File.WriteAllText(Path.Combine(_dir, "data.bin"), "already here");

        var first = await saver.SaveAsync(message.Attachments[0], message.MessageId, 0, _dir, overwrite: false, null, CancellationToken.None);
        var forced = await saver.SaveAsync(message.Attachments[0], message.MessageId, 0, _dir, overwrite: true, null, CancellationToken.None);

        Assert.Equal(Path.Combine(_dir, "data (1).bin"), first);
        Assert.Equal(content, File.ReadAllBytes(first));
        Assert.Equal(Path.Combine(_dir, "data.bin"), forced);
        Assert.Equal(content, File.ReadAllBytes(forced));
        Assert.Empty(Directory.GetFiles(_dir, "*.part"));
    }

    [Fact]
    public async Task A_failed_download_leaves_no_file()
    {
        await using var sim = await Sim.StartAsync();
        var (message, saver) = await ReceiveMediaAsync(sim, new SimInboundRequest
        {
            FromUserId = "u@im.wechat", MediaKind = SimMediaKind.Image, Content = new byte[5000],
        });
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "cdn-download", Kind = SimFaultKind.Malformed, Count = 1 });

        await Assert.ThrowsAnyAsync<ClawBotException>(() =>
            saver.SaveAsync(message.Attachments[0], message.MessageId, 0, _dir, false, null, CancellationToken.None));

        Assert.Empty(Directory.GetFiles(_dir));
    }
}
