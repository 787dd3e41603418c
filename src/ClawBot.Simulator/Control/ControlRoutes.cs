using System.Text.Json;
using System.Text.Json.Nodes;
using ClawBot.Simulator.Messaging;
using ClawBot.Simulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawBot.Simulator.Control;

/// <summary>
/// The control API under /_sim (documented in README.md): drive QR codes, make users talk, read what the bot sent,
/// expire sessions, inject faults, move the clock, read counters. Not part of the iLink protocol.
/// </summary>
public static class ControlRoutes
{
    public static void Map(IEndpointRouteBuilder app, SimState state, QrFlow flow)
    {
        var g = app.MapGroup("/_sim");

        g.MapPost("/bots", Run(async ctx =>
        {
            var body = await Read<SimCreateBotRequest>(ctx) ?? new SimCreateBotRequest();
            lock (state.Sync) return (object)state.NewBot(body.UserId).ToSimBot();
        }));
        g.MapGet("/bots/{botId}", Run(ctx => Task.FromResult<object>(BotState(state, Bot(state, ctx)))));
        g.MapPost("/bots/{botId}/messages", Run(async ctx =>
        {
            var bot = Bot(state, ctx);
            var body = await Read<SimInboundRequest>(ctx) ?? throw new ArgumentException("body required");
            return InboundQueue.Send(state, bot, body);
        }));
        g.MapPost("/bots/{botId}/messages/bulk", Run(async ctx =>
        {
            var bot = Bot(state, ctx);
            var body = await Read<SimBulkRequest>(ctx) ?? throw new ArgumentException("body required");
            InboundQueue.SendMany(state, bot, body.FromUserId, body.Count, body.TextPrefix);
            return new { queued = body.Count };
        }));
        g.MapGet("/bots/{botId}/sent", Run(ctx =>
        {
            var bot = Bot(state, ctx);
            var to = ctx.Request.Query["toUserId"].ToString();
            lock (state.Sync)
                return Task.FromResult<object>(bot.Sent.Where(s => to.Length == 0 || s.ToUserId == to).ToList());
        }));
        g.MapGet("/bots/{botId}/dropped", Run(ctx =>
        {
            var bot = Bot(state, ctx);
            lock (state.Sync) return Task.FromResult<object>(bot.Dropped.ToList());
        }));
        g.MapGet("/bots/{botId}/allowance", Run(ctx =>
        {
            var bot = Bot(state, ctx);
            var user = ctx.Request.Query["userId"].ToString();
            if (user.Length == 0) throw new ArgumentException("userId query parameter required");
            return Task.FromResult<object>(Allowance(state, bot, user));
        }));
        g.MapGet("/bots/{botId}/typing", Run(ctx =>
        {
            var bot = Bot(state, ctx);
            lock (state.Sync)
                return Task.FromResult<object>(bot.Typing.Select(t => new SimTypingEvent(t.UserId, t.Status, t.At)).ToList());
        }));
        g.MapPost("/bots/{botId}/expire-session", Run(ctx =>
        {
            var bot = Bot(state, ctx);
            lock (state.Sync)
            {
                bot.Revoked = true;
                bot.Signal.Pulse(); // held getupdates answer -14 at once
            }
            return Task.FromResult<object>(new { ok = true });
        }));

        g.MapGet("/qrcodes", Run(ctx =>
        {
            lock (state.Sync) return Task.FromResult<object>(state.QrCodes.Select(state.ToSimQr).ToList());
        }));
        g.MapGet("/qrcodes/latest", Run(ctx =>
        {
            lock (state.Sync)
                return Task.FromResult<object>(state.QrCodes.Count == 0 ? throw new SimNotFoundException("no QR code issued yet") : state.ToSimQr(state.QrCodes[^1]));
        }));
        g.MapGet("/qrcodes/{code}", Run(ctx =>
        {
            var qr = flow.Find(Route(ctx, "code"));
            lock (state.Sync)
                return Task.FromResult<object>(new SimQrDetails(qr.Code, qr.Content, state.CurrentStatus(qr), qr.BotType,
                    qr.LocalTokens.Count, qr.PollHosts.ToList()));
        }));
        g.MapPost("/qrcodes/{code}/scan", Run(ctx => Ok(() => flow.Scan(Route(ctx, "code")))));
        g.MapPost("/qrcodes/{code}/cancel", Run(ctx => Ok(() => flow.Cancel(Route(ctx, "code")))));
        g.MapPost("/qrcodes/{code}/expire", Run(ctx => Ok(() => flow.Expire(Route(ctx, "code")))));
        g.MapPost("/qrcodes/{code}/redirect", Run(ctx => Ok(() => flow.Redirect(Route(ctx, "code")))));
        g.MapPost("/qrcodes/{code}/verify-code", Run(async ctx =>
        {
            var body = await Read<SimVerifyCodeRequest>(ctx) ?? throw new ArgumentException("body required");
            flow.RequireVerifyCode(Route(ctx, "code"), body.Code);
            return new { ok = true };
        }));
        g.MapPost("/qrcodes/{code}/confirm", Run(async ctx =>
        {
            var body = await Read<SimConfirmRequest>(ctx) ?? new SimConfirmRequest();
            return flow.Confirm(Route(ctx, "code"), body.UserId, body.SameBotAs);
        }));

        g.MapPost("/faults", Run(async ctx =>
        {
            state.Faults.Add(await ReadFault(ctx));
            return new { ok = true };
        }));
        g.MapDelete("/faults", Run(ctx => Ok(state.Faults.Clear)));

        g.MapGet("/clock", Run(ctx => Task.FromResult<object>(new { now = state.Clock.Now })));
        g.MapPost("/clock/advance", Run(async ctx =>
        {
            var body = await Read<SimClockRequest>(ctx) ?? throw new ArgumentException("body required");
            state.Clock.Advance(TimeSpan.FromMilliseconds(body.Ms));
            lock (state.Sync) state.ClockSignal.Pulse(); // QR holds re-check their TTL
            return new { now = state.Clock.Now };
        }));

        g.MapGet("/stats", Run(ctx => Task.FromResult<object>(state.Stats.Snapshot())));
        g.MapDelete("/stats", Run(ctx => Ok(state.Stats.Reset)));
    }

    public static SimAllowance Allowance(SimState state, BotAccount bot, string user)
    {
        lock (state.Sync)
        {
            var w = bot.Window(user);
            var allowance = state.Options.SendAllowance;
            var remaining = allowance <= 0 ? -1 : Math.Max(0, allowance - w.SentSinceInbound);
            return new SimAllowance(user, remaining, w.LastTokenIssuedAt + state.Options.ContextTokenLifetime);
        }
    }

    private static SimBotState BotState(SimState state, BotAccount b)
    {
        lock (state.Sync)
            return new SimBotState(b.BotId, b.UserId, b.Online, b.NotifyStarts, b.NotifyStops, b.Revoked, b.Queue.Count) { OpenRuns = b.OpenRuns.Keys.ToList() };
    }

    internal static BotAccount Bot(SimState state, HttpContext ctx) =>
        state.Bot(Route(ctx, "botId")) ?? throw new SimNotFoundException("unknown bot");

    internal static string Route(HttpContext ctx, string name) => ctx.Request.RouteValues[name]?.ToString() ?? "";

    private static Task<object> Ok(Action action)
    {
        action();
        return Task.FromResult<object>(new { ok = true });
    }

    internal static async Task<T?> Read<T>(HttpContext ctx)
    {
        if (ctx.Request.ContentLength == 0) return default;
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(ctx.Request.Body, ControlJson.Options, ctx.RequestAborted);
        }
        catch (JsonException e)
        {
            throw new ArgumentException("bad JSON: " + e.Message);
        }
    }

    /// <summary>A SimFault, with the delay as "delay" ("hh:mm:ss[.fff]") or "delayMs".</summary>
    private static async Task<SimFault> ReadFault(HttpContext ctx)
    {
        var node = await JsonNode.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted) as JsonObject
            ?? throw new ArgumentException("fault body must be a JSON object");
        var delayMs = node["delayMs"];
        node.Remove("delayMs");
        var fault = node.Deserialize<SimFault>(ControlJson.Options) ?? throw new ArgumentException("fault body required");
        if (delayMs != null) fault.Delay = TimeSpan.FromMilliseconds(delayMs.GetValue<double>());
        if (string.IsNullOrWhiteSpace(fault.Endpoint)) throw new ArgumentException("endpoint is required");
        return fault;
    }

    /// <summary>Runs a handler and writes its result as JSON; maps simulator exceptions to 404/409/400.</summary>
    internal static RequestDelegate Run(Func<HttpContext, Task<object>> handler) => async ctx =>
    {
        object result;
        try
        {
            result = await handler(ctx);
        }
        catch (Exception e) when (e is SimNotFoundException or SimConflictException or ArgumentException or InvalidOperationException)
        {
            ctx.Response.StatusCode = e switch
            {
                SimNotFoundException => 404,
                SimConflictException => 409,
                _ => 400,
            };
            await ctx.Response.WriteAsJsonAsync(new { error = e.Message }, ControlJson.Options);
            return;
        }
        await ctx.Response.WriteAsJsonAsync(result, result.GetType(), ControlJson.Options);
    };
}
