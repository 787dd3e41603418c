namespace ClawBot.Core.Api.Wire;

/// <summary>The status fields every API answer may carry: <c>ret</c> and/or <c>errcode</c>, and <c>errmsg</c>.</summary>
internal class ApiResult
{
    public int? Ret { get; set; }
    public int? Errcode { get; set; }
    public string? Errmsg { get; set; }
}

/// <summary>The <c>base_info</c> object every POST except <c>get_bot_qrcode</c> carries.</summary>
internal sealed class BaseInfo
{
    public string ChannelVersion { get; set; } = "";
    public string BotAgent { get; set; } = "";
}
