using System.Collections.Generic;
using System.Text.Json.Serialization;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Api.Wire;

internal sealed class GetUpdatesRequest
{
    public string GetUpdatesBuf { get; set; } = "";
    public BaseInfo? BaseInfo { get; set; }
}

internal sealed class GetUpdatesResponse : ApiResult
{
    /// <summary>Read straight into the public type: receiving is the hot path (see <see cref="InboundBatchConverter"/>).</summary>
    [JsonConverter(typeof(InboundBatchConverter))]
    public List<InboundMessage>? Msgs { get; set; }
    public string? GetUpdatesBuf { get; set; }
    public long? LongpollingTimeoutMs { get; set; }
}

internal sealed class SendMessageRequest
{
    public WeixinMessage Msg { get; set; } = new();
    public BaseInfo? BaseInfo { get; set; }
}

internal sealed class SendMessageResponse : ApiResult
{
    [JsonConverter(typeof(LosslessIdConverter))]
    public string? MessageId { get; set; }
}

internal sealed class GetUploadUrlRequest
{
    public string Filekey { get; set; } = "";
    public int MediaType { get; set; }
    public string ToUserId { get; set; } = "";
    public long Rawsize { get; set; }
    public string Rawfilemd5 { get; set; } = "";
    public long Filesize { get; set; }
    public bool NoNeedThumb { get; set; } = true;
    public string Aeskey { get; set; } = "";
    public BaseInfo? BaseInfo { get; set; }
}

internal sealed class GetUploadUrlResponse : ApiResult
{
    public string? UploadParam { get; set; }
    public string? ThumbUploadParam { get; set; }
    public string? UploadFullUrl { get; set; }
    // Defensive aliases the seed accepts.
    [JsonPropertyName("uploadParam")]
    public string? UploadParamAlias { get; set; }
    [JsonPropertyName("uploadFullUrl")]
    public string? UploadFullUrlAlias { get; set; }
}

internal sealed class GetConfigRequest
{
    public string IlinkUserId { get; set; } = "";
    public string? ContextToken { get; set; }
    public BaseInfo? BaseInfo { get; set; }
}

internal sealed class GetConfigResponse : ApiResult
{
    public string? TypingTicket { get; set; }
}

internal sealed class SendTypingRequest
{
    public string IlinkUserId { get; set; } = "";
    public string TypingTicket { get; set; } = "";
    public int Status { get; set; }
    public BaseInfo? BaseInfo { get; set; }
}

internal sealed class NotifyRequest
{
    public BaseInfo? BaseInfo { get; set; }
}

/// <summary>An answer carrying only the status fields (sendtyping, notifystart/stop).</summary>
internal sealed class PlainResponse : ApiResult
{
}
