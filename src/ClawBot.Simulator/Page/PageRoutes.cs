using System.Reflection;
using System.Text.Json;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace ClawBot.Simulator.Page;

/// <summary>
/// The chat page: its files at / and /_sim/page/assets/*, embedded in the assembly; its state at /_sim/page/state; and
/// /_sim/events, a server-sent event stream that says "changed" so open pages refresh without reloading.
/// </summary>
public static class PageRoutes
{
    /// <summary>How often an idle event stream sends a comment, so dead connections are noticed and proxies keep it open.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private const string Csp = "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; style-src 'self'; " +
        "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public static void Map(IEndpointRouteBuilder app, SimState state)
    {
        app.MapGet("/", ctx => Asset(ctx, "index.html"));
        app.MapGet("/index.html", ctx => Asset(ctx, "index.html"));
        app.MapGet("/favicon.ico", ctx => Asset(ctx, "favicon.svg"));
        app.MapGet("/_sim/page/assets/{file}", ctx => Asset(ctx, ctx.Request.RouteValues["file"]?.ToString() ?? ""));
        app.MapGet("/_sim/page/state", async ctx =>
        {
            var bot = ctx.Request.Query["botId"].ToString();
            var user = ctx.Request.Query["userId"].ToString();
            var snapshot = PageSnapshot.Build(state, bot.Length == 0 ? null : bot, user.Length == 0 ? null : user);
            ctx.Response.Headers.CacheControl = "no-store";
            await ctx.Response.WriteAsJsonAsync(snapshot, ControlJson.Options);
        });
        app.MapGet("/_sim/events", ctx => EventsAsync(ctx, state));
    }

    /// <summary>
    /// "event: change" with the state version, at once and after every change; a comment line every
    /// <see cref="KeepAlive"/> when idle. Ends when the client leaves or the server stops.
    /// </summary>
    private static async Task EventsAsync(HttpContext ctx, SimState state)
    {
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-store";
        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, state.Stopping);
        var sent = -1L;
        try
        {
            await ctx.Response.WriteAsync("retry: 1000\n\n", cts.Token);
            while (!cts.IsCancellationRequested)
            {
                var wake = state.Changes.WaitTask; // before reading the version: no change slips between the two
                var version = state.Changes.Version;
                if (version != sent)
                {
                    await ctx.Response.WriteAsync($"event: change\ndata: {{\"version\":{version}}}\n\n", cts.Token);
                    await ctx.Response.Body.FlushAsync(cts.Token);
                    sent = version;
                    continue;
                }
                if (!await AsyncSignal.WaitAsync(wake, KeepAlive, cts.Token))
                {
                    await ctx.Response.WriteAsync(": keep-alive\n\n", cts.Token);
                    await ctx.Response.Body.FlushAsync(cts.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The page closed or the server is stopping.
        }
    }

    private static async Task Asset(HttpContext ctx, string file)
    {
        var type = Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => null,
        };
        using var stream = type == null ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream("page/" + file);
        if (stream == null)
        {
            ctx.Response.StatusCode = 404;
            return;
        }
        ctx.Response.ContentType = type;
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Response.Headers.XContentTypeOptions = "nosniff";
        if (file.EndsWith(".html", StringComparison.Ordinal))
        {
            ctx.Response.Headers.ContentSecurityPolicy = Csp;
            ctx.Response.Headers["Referrer-Policy"] = "no-referrer";
        }
        ctx.Response.ContentLength = stream.Length;
        await stream.CopyToAsync(ctx.Response.Body, ctx.RequestAborted);
    }
}
