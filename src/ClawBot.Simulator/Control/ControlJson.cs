using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClawBot.Simulator.Control;

/// <summary>JSON of the control API: camelCase, enums as names, byte[] as base64 (System.Text.Json web defaults).</summary>
public static class ControlJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        o.Converters.Add(new JsonStringEnumConverter());
        o.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        return o;
    }
}
