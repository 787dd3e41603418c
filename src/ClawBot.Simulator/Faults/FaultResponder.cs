using System.Text;
using ClawBot.Simulator.Control;
using Microsoft.AspNetCore.Http;

namespace ClawBot.Simulator.Faults;

/// <summary>Carries out a fault. Returns true when the request is finished (answered or aborted).</summary>
public static class FaultResponder
{
    public static async Task<bool> ApplyAsync(HttpContext ctx, SimFault fault, bool cdn, CancellationToken ct)
    {
        switch (fault.Kind)
        {
            case SimFaultKind.Delay:
                // A delay longer than the client's timeout is the "held / slow reply" fault; afterwards answer normally.
                await Task.Delay(fault.Delay, ct).ConfigureAwait(false);
                return false;
            case SimFaultKind.Reset:
                ctx.Abort();
                return true;
            case SimFaultKind.Status:
                ctx.Response.StatusCode = fault.Status;
                var message = $"simulated fault: HTTP {fault.Status}";
                if (cdn) ctx.Response.Headers["x-error-message"] = message;
                ctx.Response.ContentType = "text/plain";
                await ctx.Response.WriteAsync(message, ct).ConfigureAwait(false);
                return true;
            case SimFaultKind.Malformed:
                await WriteJsonTextAsync(ctx, "{\"ret\":0,\"msgs\":[{\"seq\":", ct).ConfigureAwait(false);
                return true;
            case SimFaultKind.SessionExpired:
                await WriteJsonTextAsync(ctx, "{\"ret\":-14,\"errcode\":-14,\"errmsg\":\"session timeout\"}", ct).ConfigureAwait(false);
                return true;
            case SimFaultKind.ApiError:
                await WriteJsonTextAsync(ctx, $"{{\"ret\":{fault.Ret},\"errcode\":{fault.Ret},\"errmsg\":\"simulated error\"}}", ct).ConfigureAwait(false);
                return true;
            case SimFaultKind.NoEncryptedParam:
                // Meaningful for cdn-upload (handled there); elsewhere a bare 200 with an empty JSON object.
                await WriteJsonTextAsync(ctx, "{}", ct).ConfigureAwait(false);
                return true;
            case SimFaultKind.Html:
                var page = Encoding.UTF8.GetBytes("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>");
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentType = "text/html";
                ctx.Response.ContentLength = page.Length;
                await ctx.Response.Body.WriteAsync(page, ct).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// For <see cref="SimFaultKind.LoseResponse"/> and <see cref="SimFaultKind.Truncate"/>: runs the handler with its
    /// answer captured, so its effects happen (a message is delivered), then loses all or half of the answer.
    /// </summary>
    public static bool LosesAnswer(SimFault? fault) => fault is { Kind: SimFaultKind.LoseResponse or SimFaultKind.Truncate };

    public static async Task RunLosingAnswerAsync(HttpContext ctx, SimFault fault, Func<Task> handler, CancellationToken ct)
    {
        var real = ctx.Response.Body;
        using var captured = new MemoryStream();
        ctx.Response.Body = captured;
        try
        {
            await handler().ConfigureAwait(false);
        }
        finally
        {
            ctx.Response.Body = real;
        }
        if (fault.Kind == SimFaultKind.Truncate && captured.Length > 1)
        {
            ctx.Response.ContentLength = captured.Length;
            await real.WriteAsync(captured.GetBuffer().AsMemory(0, (int)(captured.Length / 2)), ct).ConfigureAwait(false);
            await real.FlushAsync(ct).ConfigureAwait(false);
        }
        ctx.Abort();
    }

    private static Task WriteJsonTextAsync(HttpContext ctx, string text, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = bytes.Length;
        return ctx.Response.Body.WriteAsync(bytes, ct).AsTask();
    }
}
