using System;
using System.Linq;
using System.Text;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Media;

/// <summary>
/// File names for saved attachments. The sender chooses file names, so they are treated as hostile: no folders, no
/// characters any of Windows, macOS or Linux refuse, no reserved device names, a bounded length.
/// </summary>
public static class AttachmentFileNames
{
    private const int MaxLength = 120;
    private static readonly char[] Forbidden = "<>:\"/\\|?*".ToCharArray();
    private static readonly string[] Reserved =
        { "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
          "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9" };

    /// <summary>
    /// The sender's name made safe, or (when there is none) <c>kind-messageId[-n]</c>; <paramref name="extension"/>
    /// is added when the name has none.
    /// </summary>
    public static string For(string? senderName, AttachmentKind kind, string messageId, int index, string extension)
    {
        var name = Sanitize(senderName);
        if (name.Length == 0)
        {
            name = Sanitize($"{kind.ToString().ToLowerInvariant()}-{(messageId.Length > 0 ? messageId : "message")}{(index > 0 ? "-" + index : "")}");
        }
        if (System.IO.Path.GetExtension(name).Length == 0) name += extension;
        return Shorten(name);
    }

    /// <summary>The name with every unsafe character replaced by '_', trimmed of dots and spaces; empty when nothing is left.</summary>
    public static string Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        var sb = new StringBuilder(name!.Length);
        foreach (var c in name) sb.Append(c < 32 || c == 127 || Forbidden.Contains(c) ? '_' : c);
        var clean = sb.ToString().Trim().Trim('.', ' ');
        if (clean.Replace("_", "").Length == 0) return "";
        var stem = clean.Split('.')[0];
        if (Reserved.Contains(stem, StringComparer.OrdinalIgnoreCase)) clean = "_" + clean;
        return clean;
    }

    /// <summary><c>name (n).ext</c>: the n-th alternative when <paramref name="name"/> is taken.</summary>
    public static string Numbered(string name, int n)
    {
        var ext = System.IO.Path.GetExtension(name);
        var stem = name.Substring(0, name.Length - ext.Length);
        return $"{stem} ({n}){ext}";
    }

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

    private static string Shorten(string name)
    {
        if (name.Length <= MaxLength) return name;
        var ext = System.IO.Path.GetExtension(name);
        if (ext.Length > 16) ext = "";
        return name.Substring(0, MaxLength - ext.Length) + ext;
    }
}
