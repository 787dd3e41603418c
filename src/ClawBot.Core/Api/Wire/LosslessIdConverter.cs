using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClawBot.Core.Api.Wire;

/// <summary>
/// Reads a uint64 id (or a decimal-string size) that may arrive as a bare JSON number above 2^53 or as a string, and
/// keeps its exact digits as a string (<see cref="JsonValues.ReadId"/>). Written back as a string.
/// </summary>
internal sealed class LosslessIdConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonValues.ReadId(ref reader);

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value);
    }
}
