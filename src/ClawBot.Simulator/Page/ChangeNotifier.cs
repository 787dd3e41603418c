using ClawBot.Simulator.Http;
using ClawBot.Simulator.State;
using Microsoft.AspNetCore.Http;

namespace ClawBot.Simulator.Page;

/// <summary>
/// Bumps <see cref="SimState.Changes"/> after every request that may have changed something: every iLink call (a QR
/// poll can consume a verify code, a getupdates can hit a fault) and every control call but reads. One hook for all
/// endpoints, so the page follows whatever the simulator does without each endpoint knowing about it. It also notes
/// which bots have a getupdates in progress: the page shows a bot whose client is receiving.
/// </summary>
public static class ChangeNotifier
{
    public static Func<RequestDelegate, RequestDelegate> Middleware(SimState state) => next => async ctx =>
    {
        var poller = Poller(state, ctx.Request);
        if (poller != null) Polling(state, poller, +1);
        try
        {
            await next(ctx);
        }
        finally
        {
            if (poller != null) Polling(state, poller, -1);
            if (MayChange(ctx.Request)) state.Changes.Notify();
        }
    };

    /// <summary>The bot a getupdates call authenticates as, or null (another call, or a token that is not live).</summary>
    private static BotAccount? Poller(SimState state, HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method) || request.Path.Value?.EndsWith("/ilink/bot/getupdates", StringComparison.Ordinal) != true)
            return null;
        lock (state.Sync) return state.BotForToken(ApiPipeline.BearerToken(request));
    }

    private static void Polling(SimState state, BotAccount bot, int delta)
    {
        lock (state.Sync)
        {
            bot.Chat.ActivePolls += delta;
            bot.Chat.LastPollAt = state.Clock.Now;
        }
        if (delta > 0) state.Changes.Notify(); // the end notifies below, with every other change
    }

    private static bool MayChange(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return true;
        var path = request.Path;
        // Reads: the control API's GETs (the event stream among them), the page, CDN downloads.
        return !(path.StartsWithSegments("/_sim") || path.StartsWithSegments("/c2c") || path == "/" || path == "/index.html"
            || path == "/favicon.ico");
    }
}
