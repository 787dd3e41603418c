using System;
using System.Collections.Generic;

namespace ClawBot.Core.Messaging;

/// <summary>
/// Splits long text into chunks of at most N Unicode scalar values, preferring a paragraph break, then a line break,
/// then a space near the end of the window; never inside a surrogate pair or a grapheme cluster.
/// </summary>
public static class TextChunker
{
    /// <summary>The chunks, in order; empty text gives no chunk.</summary>
    public static IReadOnlyList<string> Split(string text, int maxScalars) => throw new NotImplementedException();
}
