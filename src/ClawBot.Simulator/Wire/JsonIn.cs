using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClawBot.Simulator.Wire;

/// <summary>
/// Lenient readers over request JSON (SIM-22): a field may be omitted, null, empty, a number or a numeric string,
/// because the official client omits undefined fields and seed sends them all.
/// </summary>
public static class JsonIn
{
    private static readonly JsonDocumentOptions DocOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Parses a body; empty means {}; null when it is not a JSON object.</summary>
    public static JsonObject? ParseObject(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty || body.Span.Trim((byte)' ').IsEmpty) return new JsonObject();
        try
        {
            return JsonNode.Parse(body.Span, documentOptions: DocOptions) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? Str(JsonNode? node)
    {
        if (node is not JsonValue v) return null;
        return v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    public static long? Long(JsonNode? node)
    {
        var s = Str(node);
        if (s == null) return null;
        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e18) return (long)d;
        return null;
    }

    public static int? Int(JsonNode? node)
    {
        var l = Long(node);
        return l is >= int.MinValue and <= int.MaxValue ? (int)l.Value : null;
    }

    public static bool? Bool(JsonNode? node) => Str(node)?.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => null,
    };
}
