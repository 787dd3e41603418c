using System;
using System.Collections.Generic;
using System.Globalization;

namespace ClawBot.Core.Messaging;

/// <summary>
/// Splits long text into chunks of at most N Unicode scalar values, preferring a paragraph break, then a line break,
/// then a space near the end of the window; never inside a surrogate pair or a grapheme cluster.
/// </summary>
/// <remarks>
/// Chunks concatenate back to the original exactly (break characters stay at the end of their chunk). A paragraph or
/// line break is used only in the second half of the window and a space only in its last fifth, so a stray early break
/// does not waste a whole message of the per-user allowance on a few characters. A single grapheme longer than the
/// limit (e.g. a letter with hundreds of combining marks) is cut between scalar values, the only way left.
/// </remarks>
public static class TextChunker
{
    /// <summary>The chunks, in order; empty text gives no chunk.</summary>
    public static IReadOnlyList<string> Split(string text, int maxScalars)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        if (maxScalars < 1) throw new ArgumentOutOfRangeException(nameof(maxScalars), "A chunk holds at least one character.");
        var chunks = new List<string>();
        if (text.Length == 0) return chunks;
        // Fits whole: a text has at most as many scalar values as UTF-16 units (the common, short message).
        if (text.Length <= maxScalars)
        {
            chunks.Add(text);
            return chunks;
        }

        // Grapheme starts (UAX #29 on .NET 5+), plus the end, and the scalar count before each boundary.
        var starts = StringInfo.ParseCombiningCharacters(text);
        var count = starts.Length;
        var bounds = new int[count + 1];
        Array.Copy(starts, bounds, count);
        bounds[count] = text.Length;
        var prefix = new int[count + 1];
        for (var e = 0; e < count; e++) prefix[e + 1] = prefix[e] + Scalars(text, bounds[e], bounds[e + 1]);

        var pos = 0; // grapheme index where the next chunk starts
        while (pos < count)
        {
            // The furthest grapheme boundary the window may reach.
            var end = pos;
            while (end < count && prefix[end + 1] - prefix[pos] <= maxScalars) end++;

            if (end == count)
            {
                chunks.Add(text.Substring(bounds[pos]));
                break;
            }
            if (end == pos)
            {
                // One grapheme alone exceeds the limit: cut it by scalar values.
                SplitOversizedGrapheme(text, bounds[pos], bounds[pos + 1], maxScalars, chunks);
                pos++;
                continue;
            }

            var cut = FindBreak(text, bounds, prefix, pos, end, maxScalars);
            chunks.Add(text.Substring(bounds[pos], bounds[cut] - bounds[pos]));
            pos = cut;
        }
        return chunks;
    }

    // Returns the grapheme index to cut before: after "\n\n", else after "\n", else after a space, else at the window's end.
    private static int FindBreak(string text, int[] bounds, int[] prefix, int pos, int end, int maxScalars)
    {
        var half = prefix[pos] + maxScalars / 2;
        var lastFifth = prefix[pos] + maxScalars - Math.Max(1, maxScalars / 5);

        for (var k = end; k > pos; k--)
            if (prefix[k] >= half && EndsWith(text, bounds[pos], bounds[k], "\n\n")) return k;
        for (var k = end; k > pos; k--)
            if (prefix[k] >= half && EndsWith(text, bounds[pos], bounds[k], "\n")) return k;
        for (var k = end; k > pos; k--)
        {
            if (prefix[k] < lastFifth) break;
            if (EndsWith(text, bounds[pos], bounds[k], " ")) return k;
        }
        return end;
    }

    private static bool EndsWith(string text, int from, int at, string tail)
    {
        if (at - from < tail.Length) return false;
        return string.CompareOrdinal(text, at - tail.Length, tail, 0, tail.Length) == 0;
    }

    private static void SplitOversizedGrapheme(string text, int from, int to, int maxScalars, List<string> chunks)
    {
        var start = from;
        var scalars = 0;
        var i = from;
        while (i < to)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < to && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (scalars == maxScalars)
            {
                chunks.Add(text.Substring(start, i - start));
                start = i;
                scalars = 0;
            }
            scalars++;
            i += width;
        }
        if (i > start) chunks.Add(text.Substring(start, i - start));
    }

    /// <summary>Unicode scalar values in a range: a surrogate pair is one, a lone surrogate counts as one too.</summary>
    internal static int Scalars(string text, int from, int to)
    {
        var n = 0;
        for (var i = from; i < to; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < to && char.IsLowSurrogate(text[i + 1])) i++;
            n++;
        }
        return n;
    }
}
