using ClawBot.Simulator.State;
using Microsoft.AspNetCore.Http;

namespace ClawBot.Simulator.Page;

/// <summary>
/// Bumps <see cref="SimState.Changes"/> after every request that may have changed something: every iLink call (a QR
/// poll can consume a verify code, a getupdates can hit a fault) and every control call but reads. One hook for all
/// endpoints, so the page follows whatever the simulator does without each endpoint knowing about it.
/// </summary>
public static class ChangeNotifier
{
    public static Func<RequestDelegate, RequestDelegate> Middleware(SimState state) => next => async ctx =>
    {
        try
        {
            await next(ctx);
        }
        finally
        {
            if (MayChange(ctx.Request)) state.Changes.Notify();
        }
    };

    private static bool MayChange(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return true;
        var path = request.Path;
        // Reads: the control API's GETs (the event stream among them), the page, CDN downloads.
        return !(path.StartsWithSegments("/_sim") || path.StartsWithSegments("/c2c") || path == "/" || path == "/index.html"
            || path == "/favicon.ico");
    }
}
