using System;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClawBot.Core.Api.Wire;

/// <summary>
/// Reads a uint64 id (or a decimal-string size) that may arrive as a bare JSON number above 2^53 or as a string, and
/// keeps its exact digits as a string: going through double would corrupt it. Written back as a string.
/// </summary>
internal sealed class LosslessIdConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                // The common case straight from the reader's bytes; anything else (a sign, a fraction) keeps its digits as sent.
                if (reader.TryGetUInt64(out var id)) return id.ToString(CultureInfo.InvariantCulture);
                var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
                return Encoding.UTF8.GetString(raw);
            default:
                throw new JsonException("expected a number or a string id");
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value);
    }
}
