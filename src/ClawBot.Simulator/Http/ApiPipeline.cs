using System.Text.Json.Nodes;
using ClawBot.Simulator.Faults;
using ClawBot.Simulator.State;
using ClawBot.Simulator.Wire;
using Microsoft.AspNetCore.Http;

namespace ClawBot.Simulator.Http;

/// <summary>
/// The steps every iLink call goes through, in the order a real gateway would apply them: count it, inject a queued
/// fault, parse the body, refuse an envelope strict mode rejects, authenticate, then run the endpoint.
/// </summary>
public static class ApiPipeline
{
    private const int MaxJsonBody = 4 * 1024 * 1024;

    public static RequestDelegate Handle(SimState state, string endpoint, bool authenticated, bool expectBaseInfo, Func<ApiRequest, Task> handler) =>
        async ctx =>
        {
            state.Stats.Request(endpoint);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, state.Stopping);
            try
            {
                var fault = state.Faults.Take(endpoint);
                if (FaultResponder.LosesAnswer(fault))
                {
                    await FaultResponder.RunLosingAnswerAsync(ctx, fault!, () => HandleAsync(ctx, state, endpoint, authenticated, expectBaseInfo, handler, cts.Token), cts.Token);
                    return;
                }
                if (fault != null && await FaultResponder.ApplyAsync(ctx, fault, cdn: false, cts.Token)) return;
                await HandleAsync(ctx, state, endpoint, authenticated, expectBaseInfo, handler, cts.Token);
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                // The client hung up or the server is stopping: nobody is waiting for an answer.
            }
        };

    private static async Task HandleAsync(HttpContext ctx, SimState state, string endpoint, bool authenticated, bool expectBaseInfo, Func<ApiRequest, Task> handler, CancellationToken ct)
    {
        JsonObject? body = new JsonObject();
        if (HttpMethods.IsPost(ctx.Request.Method))
        {
            var bytes = await ReadBodyAsync(ctx.Request, ct);
            body = bytes == null ? null : JsonIn.ParseObject(bytes);
        }
        if (body == null)
        {
            ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
            await ctx.Response.WriteAsync("request body is not a JSON object", ct);
            return;
        }

        if (state.Options.Strict)
        {
            // Refused as a gateway would, before the token is looked at; every violation is listed, the first answered.
            var violations = StrictChecker.Check(ctx.Request, endpoint, body, expectBaseInfo).ToList();
            foreach (var v in violations) state.Stats.Violation(v);
            if (violations.Count > 0)
            {
                await ApiReply.BadParamAsync(ctx, violations[0]);
                return;
            }
        }

        BotAccount? bot = null;
        if (authenticated)
        {
            lock (state.Sync) bot = state.BotForToken(BearerToken(ctx.Request));
            if (bot == null)
            {
                await ApiReply.SessionTimeoutAsync(ctx);
                return;
            }
        }

        await handler(new ApiRequest(ctx, state, endpoint, body, bot, ct));
    }

    /// <summary>The trimmed token of "Authorization: Bearer &lt;token&gt;", or null.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var value = request.Headers.Authorization.ToString().Trim();
        const string scheme = "Bearer ";
        return value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? value[scheme.Length..].Trim() : null;
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxJsonBody) return null;
        using var ms = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (ms.Length + read > MaxJsonBody) return null;
            ms.Write(buffer, 0, read);
        }
        return ms.ToArray();
    }
}
