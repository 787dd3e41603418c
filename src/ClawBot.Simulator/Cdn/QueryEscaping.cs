using ClawBot.Simulator.State;
using Microsoft.AspNetCore.Http;

namespace ClawBot.Simulator.Cdn;

/// <summary>
/// How a client wrote encrypted_query_param into a CDN URL. PROTOCOL.md §7.3 asks for full component encoding ('/'
/// as %2F, '+' as %2B, '=' as %3D). A literal '+' reads as a space, so such a URL names an unknown parameter and fails
/// in every mode, as it would on any CDN. A literal '/' or '=' still reads right (the seed's quote() leaves '/' as it
/// is, and the seed works), so strict mode lists it in the stats without refusing it: tests see that the URL was not
/// built as the protocol says.
/// </summary>
public static class QueryEscaping
{
    public const string Parameter = "encrypted_query_param";

    public static void Record(SimState state, string endpoint, HttpRequest request, bool strict)
    {
        if (!strict || RawValue(request.QueryString.Value) is not { } raw) return;
        var literal = new string(raw.Where(c => c is '/' or '+' or '=').Distinct().Order().ToArray());
        if (literal.Length > 0)
            state.Stats.Violation($"{endpoint}: {Parameter} carries unescaped '{literal}' (escape it fully, as Uri.EscapeDataString does)");
    }

    /// <summary>The parameter's value exactly as it arrived in the query string, before any decoding.</summary>
    public static string? RawValue(string? query)
    {
        if (string.IsNullOrEmpty(query)) return null;
        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            var eq = pair.IndexOf('=');
            if (eq > 0 && pair.AsSpan(0, eq).SequenceEqual(Parameter)) return pair[(eq + 1)..];
        }
        return null;
    }
}
