using System.Text.Encodings.Web;
using System.Text.Json;

namespace ClawBot.Simulator.Wire;

/// <summary>
/// Writer options for wire JSON: relaxed escaping so URLs keep their '&amp;' and CJK text stays readable, as a
/// typical server would write them (both forms are valid JSON; clients must accept either).
/// </summary>
public static class WireJson
{
    public static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
