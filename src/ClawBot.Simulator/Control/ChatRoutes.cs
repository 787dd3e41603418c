using System.Globalization;
using System.Security.Cryptography;
using ClawBot.Simulator.Cdn;
using ClawBot.Simulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using QRCoder;

namespace ClawBot.Simulator.Control;

/// <summary>
/// The control routes the chat page needs and tests may use as well: simulated users by name, media decrypted from the
/// CDN (what users sent, what the bot sent), and a QR code drawn as SVG.
/// </summary>
public static class ChatRoutes
{
    public static void Map(IEndpointRouteBuilder app, SimState state, QrFlow flow)
    {
        var g = app.MapGroup("/_sim");

        g.MapGet("/bots/{botId}/users", ControlRoutes.Run(ctx =>
            Task.FromResult<object>(UserList.Build(state, ControlRoutes.Bot(state, ctx)))));
        g.MapPost("/bots/{botId}/users", ControlRoutes.Run(async ctx =>
        {
            var bot = ControlRoutes.Bot(state, ctx);
            var body = await ControlRoutes.Read<SimAddUserRequest>(ctx) ?? throw new ArgumentException("body required");
            return UserList.Add(state, bot, body);
        }));

        g.MapGet("/bots/{botId}/messages/{messageId}/content", ctx => Serve(ctx, () =>
        {
            var bot = ControlRoutes.Bot(state, ctx);
            ChatInbound? m;
            lock (state.Sync) m = bot.Chat.Find(ControlRoutes.Route(ctx, "messageId"));
            if (m?.MediaParam == null) throw new SimNotFoundException("no media message with that id");
            var blob = state.Cdn.Get(m.MediaParam) ?? throw new SimNotFoundException("media is not on the CDN");
            var plain = m.MediaKey == null ? blob : AesEcb.Decrypt(blob, m.MediaKey);
            return (plain, m.FileName, m.MediaKind?.ToString().ToLowerInvariant() ?? "file", m.MessageId);
        }));
        g.MapGet("/bots/{botId}/sent/{index:int}/content", ctx => Serve(ctx, () =>
        {
            var bot = ControlRoutes.Bot(state, ctx);
            var index = int.Parse(ControlRoutes.Route(ctx, "index"), CultureInfo.InvariantCulture);
            lock (state.Sync)
            {
                if (index < 0 || index >= bot.Sent.Count || bot.Sent[index].FileContent is not { } content)
                    throw new SimNotFoundException("no sent media at that index");
                var s = bot.Sent[index];
                var kind = s.ItemType switch { 2 => "image", 3 => "voice", 5 => "video", _ => "file" };
                return (content, s.FileName, kind, s.MessageId);
            }
        }));

        g.MapGet("/qrcodes/{code}/image.svg", async ctx =>
        {
            string content;
            try
            {
                var qr = flow.Find(ControlRoutes.Route(ctx, "code"));
                content = qr.Content;
            }
            catch (SimNotFoundException e)
            {
                ctx.Response.StatusCode = 404;
                await ctx.Response.WriteAsJsonAsync(new { error = e.Message }, ControlJson.Options);
                return;
            }
            using var data = QRCodeGenerator.GenerateQrCode(content, QRCodeGenerator.ECCLevel.M);
            var svg = new SvgQRCode(data).GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true,
                sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
            ctx.Response.ContentType = "image/svg+xml";
            ctx.Response.Headers.CacheControl = "max-age=3600";
            await ctx.Response.WriteAsync(svg);
        });
    }

    /// <summary>
    /// Writes media: inline when it is a passive type a browser can show (image, video, audio), else as a download;
    /// <c>?download=1</c> always downloads, under the file's own name when it has one.
    /// </summary>
    private static async Task Serve(HttpContext ctx, Func<(byte[] Content, string? FileName, string Kind, string Id)> find)
    {
        (byte[] Content, string? FileName, string Kind, string Id) media;
        try
        {
            media = find();
        }
        catch (Exception e) when (e is SimNotFoundException or CryptographicException)
        {
            ctx.Response.StatusCode = e is SimNotFoundException ? 404 : 409;
            await ctx.Response.WriteAsJsonAsync(new { error = e.Message }, ControlJson.Options);
            return;
        }
        var type = MediaTypes.Sniff(media.Content);
        var download = ctx.Request.Query["download"].ToString() is "1" or "true";
        var name = string.IsNullOrWhiteSpace(media.FileName) ? $"{media.Kind}-{media.Id}.{type.Extension}" : media.FileName;
        ctx.Response.ContentType = type.Inline ? type.ContentType : MediaTypes.Binary.ContentType;
        ctx.Response.Headers.XContentTypeOptions = "nosniff";
        ctx.Response.Headers.CacheControl = "private, max-age=3600";
        var disposition = new ContentDispositionHeaderValue(download || !type.Inline ? "attachment" : "inline");
        disposition.SetHttpFileName(name);
        ctx.Response.Headers.ContentDisposition = disposition.ToString();
        ctx.Response.ContentLength = media.Content.Length;
        await ctx.Response.Body.WriteAsync(media.Content);
    }
}
