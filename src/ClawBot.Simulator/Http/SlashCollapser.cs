using Microsoft.AspNetCore.Http;

namespace ClawBot.Simulator.Http;

/// <summary>
/// Collapses repeated slashes in the request path, as front-end proxies commonly do, so a client that joins
/// "base/" + "/ilink/…" still reaches the route. Protocol rules stay untouched.
/// </summary>
public static class SlashCollapser
{
    public static Task InvokeAsync(HttpContext ctx, Func<Task> next)
    {
        var path = ctx.Request.Path.Value;
        if (path != null && path.Contains("//", StringComparison.Ordinal))
        {
            while (path.Contains("//", StringComparison.Ordinal)) path = path.Replace("//", "/", StringComparison.Ordinal);
            ctx.Request.Path = new PathString(path);
        }
        return next();
    }
}
