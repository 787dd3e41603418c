using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Media;

/// <summary>
/// File names for saved attachments. The sender chooses file names, so they are treated as hostile: no folders, no
/// characters any of Windows, macOS or Linux refuse, nothing invisible, no reserved device names, a bounded length.
/// </summary>
public static class AttachmentFileNames
{
    /// <summary>
    /// The most UTF-8 bytes in a name, numbering suffix and extension included. Linux and macOS refuse names over
    /// 255 bytes (not characters: a CJK character takes three); the margin leaves room for tools that append.
    /// </summary>
    public const int MaxBytes = 200;

    // An extension longer than this is more likely a sentence with a dot in it than a type; it is not kept apart.
    private const int MaxExtensionBytes = 16;

    private static readonly char[] Forbidden = "<>:\"/\\|?*".ToCharArray();

    // Windows opens a device for these stems whatever the extension, ignoring case and trailing dots and spaces. The
    // list is Microsoft's ("Naming Files, Paths, and Namespaces"): superscript digits count as digits there.
    private static readonly string[] Reserved =
        { "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
          "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
          "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3" };

    /// <summary>
    /// The sender's name made safe, or (when there is none) <c>kind-messageId[-n]</c>; <paramref name="extension"/>
    /// is added when the name has none. At most <see cref="MaxBytes"/> UTF-8 bytes.
    /// </summary>
    public static string For(string? senderName, AttachmentKind kind, string messageId, int index, string extension)
    {
        var name = Sanitize(senderName);
        if (name.Length == 0)
        {
            name = Sanitize($"{kind.ToString().ToLowerInvariant()}-{(messageId.Length > 0 ? messageId : "message")}{(index > 0 ? "-" + index : "")}");
        }
        if (System.IO.Path.GetExtension(name).Length == 0) name += extension;
        return Fit(name, "");
    }

    /// <summary>
    /// The name with every unsafe character replaced by '_' and every invisible one removed, trimmed of dots and
    /// spaces; empty when nothing is left.
    /// </summary>
    /// <remarks>
    /// Controls (C0, DEL, C1), line and paragraph separators and lone surrogates become '_'. Format characters (bidi
    /// overrides and isolates, direction marks, zero-width spaces and joiners, soft hyphens, BOM) are dropped: they
    /// can make <c>invoice\u202Efdp.exe</c> look like <c>invoiceexe.pdf</c>. Dropping the zero-width joiner splits
    /// an emoji sequence into its parts (a family becomes its members), which only changes how the name looks.
    /// </remarks>
    public static string Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        var sb = new StringBuilder(name!.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var width = IsPair(name, i) ? 2 : 1;
            switch (CharUnicodeInfo.GetUnicodeCategory(name, i))
            {
                case UnicodeCategory.Format:
                    break;
                case UnicodeCategory.Control or UnicodeCategory.Surrogate
                    or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                    sb.Append('_');
                    break;
                default:
                    if (width == 1 && Forbidden.Contains(name[i])) sb.Append('_');
                    else sb.Append(name, i, width);
                    break;
            }
            i += width - 1;
        }
        var clean = sb.ToString().Trim().Trim('.', ' ');
        if (clean.Replace("_", "").Length == 0) return "";
        return GuardReserved(clean);
    }

    /// <summary>
    /// <c>name (n).ext</c>: the n-th alternative when <paramref name="name"/> is taken, shortened so that it too stays
    /// within <see cref="MaxBytes"/>.
    /// </summary>
    public static string Numbered(string name, int n) => Fit(name, $" ({n})");

    /// <summary>A likely extension from the content's first bytes and the item's kind.</summary>
    public static string ExtensionFor(AttachmentKind kind, int? voiceEncoding, byte[] head)
    {
        bool Starts(params byte[] magic) => head.Length >= magic.Length && head.Take(magic.Length).SequenceEqual(magic);
        if (Starts(0xFF, 0xD8, 0xFF)) return ".jpg";
        if (Starts(0x89, 0x50, 0x4E, 0x47)) return ".png";
        if (Starts(0x47, 0x49, 0x46, 0x38)) return ".gif";
        if (Starts(0x52, 0x49, 0x46, 0x46) && head.Length >= 12 && Encoding.ASCII.GetString(head, 8, 4) == "WEBP") return ".webp";
        if (head.Length >= 8 && Encoding.ASCII.GetString(head, 4, 4) == "ftyp") return ".mp4";
        if (Starts(0x25, 0x50, 0x44, 0x46)) return ".pdf";
        return kind switch
        {
            AttachmentKind.Voice => voiceEncoding switch { 5 => ".amr", 7 => ".mp3", 4 or 8 => ".spx", 1 => ".pcm", _ => ".silk" },
            AttachmentKind.Image => ".jpg",
            AttachmentKind.Video => ".mp4",
            _ => ".bin",
        };
    }

    private static string GuardReserved(string name)
    {
        var stem = name.Split('.')[0].TrimEnd(' ', '.');
        return Reserved.Contains(stem, StringComparer.OrdinalIgnoreCase) ? "_" + name : name;
    }

    // stem + suffix + extension within MaxBytes. The stem is cut between graphemes (so an accent stays on its letter
    // and a surrogate pair stays whole) and loses any dots and spaces the cut left at its end.
    private static string Fit(string name, string suffix)
    {
        if (Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(suffix) <= MaxBytes) return Join(name, suffix);
        var ext = System.IO.Path.GetExtension(name);
        if (Encoding.UTF8.GetByteCount(ext) > MaxExtensionBytes) ext = "";
        var stem = name.Substring(0, name.Length - ext.Length);
        var budget = MaxBytes - Encoding.UTF8.GetByteCount(suffix) - Encoding.UTF8.GetByteCount(ext);
        var cut = Cut(stem, budget, StringInfo.ParseCombiningCharacters(stem));
        // A single grapheme over the budget (a letter under hundreds of combining marks) is cut between code points.
        if (cut.Length == 0) cut = Cut(stem, budget, ScalarStarts(stem));
        cut = cut.TrimEnd('.', ' ');
        if (cut.Length == 0) cut = "_";
        return GuardReserved(cut + suffix + ext);
    }

    // name with suffix between stem and extension (the common case: nothing to cut).
    private static string Join(string name, string suffix)
    {
        if (suffix.Length == 0) return name;
        var ext = System.IO.Path.GetExtension(name);
        return name.Substring(0, name.Length - ext.Length) + suffix + ext;
    }

    // The longest prefix of text ending at one of starts (ascending element starts) that fits in budget bytes.
    private static string Cut(string text, int budget, int[] starts)
    {
        var end = 0;
        var bytes = 0;
        for (var k = 0; k < starts.Length; k++)
        {
            var next = k + 1 < starts.Length ? starts[k + 1] : text.Length;
            bytes += Encoding.UTF8.GetByteCount(text.Substring(starts[k], next - starts[k]));
            if (bytes > budget) break;
            end = next;
        }
        return text.Substring(0, end);
    }

    private static int[] ScalarStarts(string text)
    {
        var starts = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i += IsPair(text, i) ? 2 : 1) starts.Add(i);
        return starts.ToArray();
    }

    private static bool IsPair(string s, int i) => char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]);
}
