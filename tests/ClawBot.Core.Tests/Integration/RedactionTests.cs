using System.Text;
using ClawBot.Core.Auth;
using ClawBot.Core.Cdn;
using ClawBot.Core.Errors;
using ClawBot.Core.Messaging;
using ClawBot.Core.Tests.Support;
using ClawBot.Simulator.Control;

namespace ClawBot.Core.Tests.Integration;

/// <summary>PROTOCOL.md §10: no secret in any log record or exception message, whatever happened.</summary>
public sealed class RedactionTests
{
    private const string User = "o9xAlice@im.wechat";

    [Fact]
    public async Task Nothing_secret_reaches_the_log_or_an_exception()
    {
        await using var sim = await Sim.StartAsync(o => o.ReturnUploadFullUrl = true);
        var (bot, client, log) = await Sim.BotAsync(sim, o => o.SendTimeout = TimeSpan.FromMilliseconds(500));
        var secrets = new List<string> { bot.BotToken };
        var messages = new List<string>();

        // A QR login with its codes and deep links.
        var qrClient = new Api.ILinkClient(Sim.Options(sim, null, log));
        var ticket = await qrClient.GetBotQrCodeAsync(new[] { bot.BotToken }, CancellationToken.None);
        secrets.Add(ticket.QrCode);
        secrets.Add(ticket.Content);
        await qrClient.GetQrCodeStatusAsync(ticket.QrCode, qrClient.QrBaseUrl, "123456", TimeSpan.FromMilliseconds(300), CancellationToken.None);

        // Inbound media with every kind of key, then downloads.
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.Image, Content = new byte[100] });
        await sim.Control.SendToBotAsync(bot.BotId, new SimInboundRequest { FromUserId = User, MediaKind = SimMediaKind.File, FileName = "f", Content = new byte[100] });
        var (inbound, _) = await Sim.ReceiveAsync(client, "", 2);
        foreach (var m in inbound)
        {
            secrets.Add(m.ContextToken!);
            foreach (var a in m.Attachments)
            {
                secrets.AddRange(new[] { a.Media!.EncryptQueryParam, a.Media.AesKey, a.Media.HexAesKey, a.Media.FullUrl }.Where(s => !string.IsNullOrEmpty(s))!);
                await client.DownloadAttachmentAsync(a, new MemoryStream(), null, CancellationToken.None);
            }
        }
        var ctx = inbound[0].ContextToken;

        // Upload and send, with faults on the way.
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Path);
        var path = dir.Combine("doc.pdf");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes("payload"));
        await sim.Control.InjectFaultAsync(new SimFault { Endpoint = "cdn-upload", Kind = SimFaultKind.NoEncryptedParam });
        var media = await client.UploadFileAsync(User, path, OutboundMediaKind.Auto, null, CancellationToken.None);
        secrets.AddRange(new[] { media.DownloadParam, AesKeyCodec.ToHex(media.AesKey), AesKeyCodec.ToBase64OfHex(media.AesKey), Convert.ToBase64String(media.AesKey) });
        await client.SendMediaAsync(User, ctx, media, CancellationToken.None);

        // Failures of every kind, collecting their messages.
        async Task Collect(Func<Task> call, SimFault? fault = null)
        {
            if (fault != null) await sim.Control.InjectFaultAsync(fault);
            try { await call(); }
            catch (ClawBotException ex) { messages.Add(ex.ToString()); }
        }
        await Collect(() => client.SendTextAsync(User, ctx, "x", CancellationToken.None), new SimFault { Endpoint = "sendmessage", Kind = SimFaultKind.Delay, Delay = TimeSpan.FromSeconds(2), Count = 3 });
        await Collect(() => client.SendTextAsync(User, ctx, "x", CancellationToken.None), new SimFault { Endpoint = "sendmessage", Kind = SimFaultKind.Malformed });
        await Collect(() => client.GetUpdatesAsync("", CancellationToken.None), new SimFault { Endpoint = "getupdates", Kind = SimFaultKind.Reset, Count = 5 });
        await Collect(() => client.UploadFileAsync(User, path, OutboundMediaKind.File, null, CancellationToken.None), new SimFault { Endpoint = "cdn-upload", Kind = SimFaultKind.Status, Status = 400 });
        await Collect(() => client.DownloadAttachmentAsync(inbound[1].Attachments[0], new MemoryStream(), null, CancellationToken.None), new SimFault { Endpoint = "cdn-download", Kind = SimFaultKind.Status, Status = 502 });
        await Collect(() => client.DownloadAttachmentAsync(new MediaAttachment { Kind = AttachmentKind.File, Media = new CdnMediaReference { EncryptQueryParam = "x", AesKey = "bm90IGEga2V5" } }, new MemoryStream(), null, CancellationToken.None));
        await sim.Control.ExpireSessionAsync(bot.BotId);
        await Collect(() => client.SendTextAsync(User, ctx, "x", CancellationToken.None));
        await Collect(() => client.GetUpdatesAsync("", CancellationToken.None));
        Assert.True(messages.Count >= 7);

        var text = log.AllText() + string.Join("\n", messages);
        Assert.NotEmpty(log.Calls);
        foreach (var secret in secrets.Distinct())
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a secret of {secret.Length} characters leaked");
        Assert.DoesNotContain("Bearer", text);
        Assert.All(log.Calls, c => Assert.DoesNotContain("?", c.Path));
    }
}
