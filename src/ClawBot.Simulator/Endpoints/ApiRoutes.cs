using ClawBot.Simulator.Cdn;
using ClawBot.Simulator.Http;
using ClawBot.Simulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace ClawBot.Simulator.Endpoints;

/// <summary>Maps the iLink API (SIM-01) under the optional path prefix, and the CDN under /c2c.</summary>
public static class ApiRoutes
{
    public static void Map(IEndpointRouteBuilder app, SimState state, QrFlow flow)
    {
        var prefix = state.PrefixPath;
        MapQr(app, state, flow, prefix);
        // The QR host is "always the default API base" and redirect_host carries no path, so with a prefix the QR
        // routes are served at the root as well.
        if (prefix.Length > 0) MapQr(app, state, flow, "");

        Post(app, state, prefix, "getupdates", GetUpdatesEndpoint.HandleAsync);
        Post(app, state, prefix, "sendmessage", SendMessageEndpoint.HandleAsync);
        Post(app, state, prefix, "getuploadurl", GetUploadUrlEndpoint.HandleAsync);
        Post(app, state, prefix, "getconfig", TypingEndpoints.GetConfigAsync);
        Post(app, state, prefix, "sendtyping", TypingEndpoints.SendTypingAsync);
        Post(app, state, prefix, "msg/notifystart", NotifyEndpoints.StartAsync, "notifystart");
        Post(app, state, prefix, "msg/notifystop", NotifyEndpoints.StopAsync, "notifystop");

        app.MapPost("/c2c/upload", CdnUploadEndpoint.Handler(state));
        app.MapGet("/c2c/download", CdnDownloadEndpoint.Handler(state));
    }

    private static void MapQr(IEndpointRouteBuilder app, SimState state, QrFlow flow, string prefix)
    {
        var fetch = ApiPipeline.Handle(state, "get_bot_qrcode", authenticated: false, expectBaseInfo: false,
            r => QrCodeEndpoint.HandleAsync(r, flow));
        app.MapMethods($"{prefix}/ilink/bot/get_bot_qrcode", ["GET", "POST"], fetch);
        app.MapGet($"{prefix}/ilink/bot/get_qrcode_status", ApiPipeline.Handle(state, "get_qrcode_status",
            authenticated: false, expectBaseInfo: false, r => QrStatusEndpoint.HandleAsync(r, flow)));
    }

    private static void Post(IEndpointRouteBuilder app, SimState state, string prefix, string path, Func<ApiRequest, Task> handler, string? name = null) =>
        app.MapPost($"{prefix}/ilink/bot/{path}", ApiPipeline.Handle(state, name ?? path, authenticated: true, expectBaseInfo: true, handler));
}
