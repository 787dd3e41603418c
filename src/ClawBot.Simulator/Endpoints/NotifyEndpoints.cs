using ClawBot.Simulator.Http;
using ClawBot.Simulator.Wire;

namespace ClawBot.Simulator.Endpoints;

/// <summary>msg/notifystart and msg/notifystop (SIM-20): record the bot's online state.</summary>
public static class NotifyEndpoints
{
    public static Task StartAsync(ApiRequest req) => Set(req, online: true);

    public static Task StopAsync(ApiRequest req) => Set(req, online: false);

    private static Task Set(ApiRequest req, bool online)
    {
        var bot = req.RequireBot;
        lock (req.State.Sync)
        {
            bot.Online = online;
            if (online) bot.NotifyStarts++;
            else bot.NotifyStops++;
        }
        return ApiReply.WriteAsync(req.Http, w => { w.WriteNumber("ret", 0); w.WriteString("errmsg", ""); });
    }
}
