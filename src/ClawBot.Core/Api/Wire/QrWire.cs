using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace ClawBot.Core.Api.Wire;

internal sealed class GetBotQrCodeRequest
{
    public List<string> LocalTokenList { get; set; } = new();
}

internal sealed class GetBotQrCodeResponse : ApiResult
{
    public string? Qrcode { get; set; }
    public string? QrcodeImgContent { get; set; }
}

internal sealed class QrStatusResponse : ApiResult
{
    public string? Status { get; set; }
    public string? BotToken { get; set; }
    public string? IlinkBotId { get; set; }
    public string? IlinkUserId { get; set; }
    public string? Baseurl { get; set; }
    /// <summary>The seed also accepts this spelling.</summary>
    [JsonPropertyName("base_url")]
    public string? BaseUrlAlias { get; set; }
    public string? RedirectHost { get; set; }
}
