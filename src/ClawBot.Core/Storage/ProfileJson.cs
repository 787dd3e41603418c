using System.Text.Json.Serialization;

namespace ClawBot.Core.Storage;

/// <summary>Source-generated JSON for profile files: camelCase, indented for people who look inside.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Profile))]
internal sealed partial class ProfileJson : JsonSerializerContext
{
}
