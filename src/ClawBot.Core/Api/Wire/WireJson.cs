using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClawBot.Core.Api.Wire;

/// <summary>
/// Source-generated (reflection-free) JSON for every wire type: snake_case names, nulls omitted when writing, unknown
/// fields ignored, numbers accepted as strings too, since the service is not strict about either.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(GetBotQrCodeRequest))]
[JsonSerializable(typeof(GetBotQrCodeResponse))]
[JsonSerializable(typeof(QrStatusResponse))]
[JsonSerializable(typeof(GetUpdatesRequest))]
[JsonSerializable(typeof(GetUpdatesResponse))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(SendMessageResponse))]
[JsonSerializable(typeof(GetUploadUrlRequest))]
[JsonSerializable(typeof(GetUploadUrlResponse))]
[JsonSerializable(typeof(GetConfigRequest))]
[JsonSerializable(typeof(GetConfigResponse))]
[JsonSerializable(typeof(SendTypingRequest))]
[JsonSerializable(typeof(NotifyRequest))]
[JsonSerializable(typeof(PlainResponse))]
internal sealed partial class WireJson : JsonSerializerContext
{
}
