using System.Collections.Generic;
using System.Text;

namespace ClawBot.Core.Http;

/// <summary>
/// Sanitises <c>base_info.bot_agent</c> per PROTOCOL.md §2.2: space-separated <c>Name/Version</c> tokens, each with an
/// optional <c>(comment)</c>; invalid tokens are dropped, then trailing ones until the label fits 256 bytes.
/// </summary>
internal static class BotAgent
{
    public const string Fallback = "OpenClaw";
    private const int MaxBytes = 256;

    public static string Sanitize(string? agent)
    {
        var kept = new List<string>();
        foreach (var token in Tokenize(agent ?? ""))
            if (token != null) kept.Add(token);

        while (kept.Count > 0 && Encoding.UTF8.GetByteCount(string.Join(" ", kept)) > MaxBytes)
            kept.RemoveAt(kept.Count - 1);
        return kept.Count == 0 ? Fallback : string.Join(" ", kept);
    }

    // Yields each token (with its comment) when valid, or null for one that must be dropped.
    private static IEnumerable<string?> Tokenize(string text)
    {
        var i = 0;
        while (true)
        {
            while (i < text.Length && text[i] == ' ') i++;
            if (i >= text.Length) yield break;

            var start = i;
            while (i < text.Length && text[i] != ' ' && text[i] != '(') i++;
            var product = text.Substring(start, i - start);

            var j = i;
            while (j < text.Length && text[j] == ' ') j++;
            string? comment = null;
            var commentValid = true;
            if (j < text.Length && text[j] == '(')
            {
                var close = text.IndexOf(')', j + 1);
                if (close < 0) { comment = text.Substring(j + 1); commentValid = false; i = text.Length; }
                else { comment = text.Substring(j + 1, close - j - 1); i = close + 1; }
            }

            if (commentValid && IsProduct(product) && (comment is null || IsComment(comment)))
                yield return comment is null ? product : product + " (" + comment + ")";
            else
                yield return null;
        }
    }

    private static bool IsProduct(string token)
    {
        var slash = token.IndexOf('/');
        if (slash <= 0 || slash != token.LastIndexOf('/')) return false;
        var name = token.Substring(0, slash);
        var version = token.Substring(slash + 1);
        return name.Length is >= 1 and <= 32 && version.Length is >= 1 and <= 32
            && All(name, c => IsAlnum(c) || c is '_' or '.' or '-')
            && All(version, c => IsAlnum(c) || c is '_' or '.' or '+' or '-');
    }

    private static bool IsComment(string comment) =>
        comment.Length is >= 1 and <= 64 && All(comment, c => c >= 0x20 && c <= 0x7E && c != '(' && c != ')');

    private static bool IsAlnum(char c) => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9';

    private static bool All(string s, System.Func<char, bool> test)
    {
        foreach (var c in s) if (!test(c)) return false;
        return true;
    }
}
