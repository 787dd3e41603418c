using ClawBot.Simulator.Faults;
using ClawBot.Simulator.State;
using Microsoft.AspNetCore.Http;

namespace ClawBot.Simulator.Cdn;

/// <summary>GET /c2c/download?encrypted_query_param=… (SIM-17): the stored bytes, or 404 for an unknown parameter.</summary>
public static class CdnDownloadEndpoint
{
    public static RequestDelegate Handler(SimState state) => async ctx =>
    {
        state.Stats.Request("cdn-download");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, state.Stopping);
        try
        {
            var fault = state.Faults.Take("cdn-download");
            if (fault != null && await FaultResponder.ApplyAsync(ctx, fault, cdn: true, cts.Token)) return;

            QueryEscaping.Record(state, "cdn-download", ctx.Request, state.Options.Strict);
            var blob = state.Cdn.Get(ctx.Request.Query["encrypted_query_param"].ToString());
            if (blob == null)
            {
                ctx.Response.StatusCode = StatusCodes.Status404NotFound;
                ctx.Response.Headers["x-error-message"] = "unknown encrypted_query_param";
                return;
            }
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/octet-stream";
            ctx.Response.ContentLength = blob.Length;
            await ctx.Response.Body.WriteAsync(blob, cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }
    };
}
