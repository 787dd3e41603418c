using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using ClawBot.Core.Api.Wire;
using ClawBot.Core.Cdn;

namespace ClawBot.Core.Messaging;

/// <summary>
/// Finds the selection <c>partial_text</c> describes in the quoted text (PROTOCOL.md §5.3): the n-th occurrence of
/// its start anchor to the end of the n-th occurrence of its end anchor. The end index is read both ways seen in the
/// wild (counted from the text's start, or from the selection's start), and <c>quotemd5</c> picks the one that is
/// the selection; without an MD5 the first reading that exists is taken, as the official client does.
/// </summary>
internal static class PartialQuote
{
    /// <summary>The selected text, or null when there is no selection, no text, or no reading matches.</summary>
    public static string? Resolve(string? text, PartialText? partial)
    {
        if (string.IsNullOrEmpty(text) || partial is null || string.IsNullOrEmpty(partial.Start) || string.IsNullOrEmpty(partial.End)) return null;
        var candidates = new List<string>(2);
        foreach (var relative in new[] { false, true })
        {
            var candidate = Candidate(text!, partial, relative);
            if (candidate is not null && !candidates.Contains(candidate)) candidates.Add(candidate);
        }
        if (string.IsNullOrEmpty(partial.Quotemd5)) return candidates.Count > 0 ? candidates[0] : null;
        foreach (var candidate in candidates)
            if (string.Equals(Md5Hex(candidate), partial.Quotemd5!.Trim(), StringComparison.OrdinalIgnoreCase)) return candidate;
        return null;
    }

    private static string? Candidate(string text, PartialText partial, bool relativeEnd)
    {
        var start = NthIndexOf(text, partial.Start!, partial.Startindex ?? 0, 0);
        if (start < 0) return null;
        var end = NthIndexOf(text, partial.End!, partial.Endindex ?? 0, relativeEnd ? start + partial.Start!.Length : 0);
        if (end < start) return null;
        return text.Substring(start, end + partial.End!.Length - start);
    }

    /// <summary>Where the <paramref name="occurrence"/>-th <paramref name="value"/> starts, scanning from <paramref name="from"/> without overlap; -1 if nowhere.</summary>
    private static int NthIndexOf(string text, string value, int occurrence, int from)
    {
        if (occurrence < 0) return -1;
        var position = from;
        for (var current = 0; current <= occurrence; current++)
        {
            if (position > text.Length) return -1;
            position = text.IndexOf(value, position, StringComparison.Ordinal);
            if (position < 0) return -1;
            if (current < occurrence) position += value.Length;
        }
        return position;
    }

    private static string Md5Hex(string value)
    {
        using var md5 = MD5.Create();
        return Hex.Lower(md5.ComputeHash(Encoding.UTF8.GetBytes(value)));
    }
}
