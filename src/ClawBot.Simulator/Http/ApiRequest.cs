using System.Text.Json.Nodes;
using ClawBot.Simulator.State;
using Microsoft.AspNetCore.Http;

namespace ClawBot.Simulator.Http;

/// <summary>One API call after the common checks: parsed body, authenticated bot (if the endpoint needs one).</summary>
public sealed class ApiRequest
{
    public ApiRequest(HttpContext http, SimState state, string endpoint, JsonObject body, BotAccount? bot, CancellationToken ct)
    {
        Http = http;
        State = state;
        Endpoint = endpoint;
        Body = body;
        Bot = bot;
        Ct = ct;
    }

    public HttpContext Http { get; }
    public SimState State { get; }
    /// <summary>The endpoint's name in stats and faults (getupdates, sendmessage, …).</summary>
    public string Endpoint { get; }
    public JsonObject Body { get; }
    /// <summary>The bot the Bearer token belongs to (authenticated endpoints only).</summary>
    public BotAccount? Bot { get; }
    /// <summary>Cancelled when the client goes away or the server stops.</summary>
    public CancellationToken Ct { get; }

    public BotAccount RequireBot => Bot ?? throw new InvalidOperationException("endpoint is not authenticated");

    /// <summary>
    /// Answers a refusal with ret -2; a strict-mode rule's refusal is also listed in the stats, as the envelope's are.
    /// </summary>
    public Task RefuseAsync(Refusal refusal)
    {
        if (refusal.Strict) State.Stats.Violation($"{Endpoint}: {refusal.Message}");
        return Wire.ApiReply.BadParamAsync(Http, refusal.Message);
    }
}
