using System;
using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ClawBot.Core.Api.Wire;

/// <summary>
/// Reads single values off a <see cref="Utf8JsonReader"/> with the rules <see cref="WireJson"/> applies (numbers may
/// arrive as strings, null is null, anything else of the wrong type is a <see cref="JsonException"/>), for the readers
/// that build results straight from the bytes instead of through wire objects.
/// </summary>
internal static class JsonValues
{
    // Numbers sent as strings up to this length are unescaped on the stack.
    private const int StackNumberLength = 64;

    public static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw new JsonException("expected a string"),
    };

    /// <summary>
    /// As <see cref="ReadString(ref Utf8JsonReader)"/>, but returns <paramref name="last"/> itself when the value spells the same text, and
    /// remembers what it read: a batch repeats the bot's and the sender's ids in every message.
    /// </summary>
    public static string? ReadString(ref Utf8JsonReader reader, ref string? last)
    {
        if (reader.TokenType == JsonTokenType.String && last is not null && reader.ValueTextEquals(last)) return last;
        var value = ReadString(ref reader);
        if (value is not null) last = value;
        return value;
    }

    /// <summary>
    /// A uint64 id (or decimal size) that may be a bare number above 2^53 or a string, kept as its exact digits:
    /// going through double would corrupt it.
    /// </summary>
    public static string? ReadId(ref Utf8JsonReader reader)
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

    public static long? ReadInt64(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var value):
                return value;
            case JsonTokenType.String when TryParseQuoted(ref reader, out var value):
                return value;
            default:
                throw new JsonException("expected a 64-bit integer");
        }
    }

    public static int? ReadInt32(ref Utf8JsonReader reader)
    {
        var value = ReadInt64(ref reader);
        if (value is long v && (v < int.MinValue || v > int.MaxValue)) throw new JsonException("expected a 32-bit integer");
        return (int?)value;
    }

    /// <summary>
    /// A number sent as a string (<c>"42"</c>): the whole text, once unescaped, must be an integer, as
    /// <see cref="System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString"/> reads it (leading zeros
    /// and all).
    /// </summary>
    private static bool TryParseQuoted(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        // The escaped length bounds the unescaped one.
        var length = checked((int)(reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length));
        if (length == 0) return false;
        Span<byte> digits = length <= StackNumberLength ? stackalloc byte[StackNumberLength] : new byte[length];
        var written = reader.CopyString(digits);
        digits = digits.Slice(0, written);
        return Utf8Parser.TryParse(digits, out value, out var consumed) && consumed == digits.Length;
    }

    /// <summary>Skips the value the reader is on (and its children), whether or not the input is all buffered.</summary>
    public static void Skip(ref Utf8JsonReader reader)
    {
        if (!reader.TrySkip()) throw new JsonException("unexpected end of data");
    }

    /// <summary>Reads the next token, which the reader's owner has already made sure exists (the value is buffered).</summary>
    public static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonException("unexpected end of data");
    }

    public static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type) throw new JsonException("expected " + type);
    }
}
