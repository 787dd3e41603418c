using System.Globalization;
using System.Text;

namespace ClawBot.Tests.Shared;

/// <summary>An RGB colour.</summary>
internal readonly record struct Rgb(byte R, byte G, byte B)
{
    public int Luminance => (R * 299 + G * 587 + B * 114) / 1000;
}

/// <summary>A terminal colour theme: default text and background colours and the 16-colour palette SGR codes pick from.</summary>
internal sealed record TerminalTheme(string Name, Rgb Foreground, Rgb Background, Rgb[] Palette)
{
    private static Rgb C(int hex) => new((byte)(hex >> 16), (byte)(hex >> 8), (byte)hex);

    /// <summary>Windows Terminal's "Campbell": light grey text on near-black.</summary>
    public static readonly TerminalTheme Dark = new("dark", C(0xCCCCCC), C(0x0C0C0C), new[]
    {
        C(0x0C0C0C), C(0xC50F1F), C(0x13A10E), C(0xC19C00), C(0x0037DA), C(0x881798), C(0x3A96DD), C(0xCCCCCC),
        C(0x767676), C(0xE74856), C(0x16C60C), C(0xF9F1A5), C(0x3B78FF), C(0xB4009E), C(0x61D6D6), C(0xF2F2F2),
    });

    /// <summary>"One Half Light": dark grey text on near-white.</summary>
    public static readonly TerminalTheme Light = new("light", C(0x383A42), C(0xFAFAFA), new[]
    {
        C(0x383A42), C(0xE45649), C(0x50A14F), C(0xC18301), C(0x0184BC), C(0xA626A4), C(0x0997B3), C(0xFAFAFA),
        C(0x4F525D), C(0xDF6C75), C(0x98C379), C(0xE4C07A), C(0x61AFEF), C(0xC577DD), C(0x56B5C1), C(0xFFFFFF),
    });

    public override string ToString() => Name;
}

/// <summary>
/// Draws terminal text the way a terminal would: each character cell is two pixels high (the upper and lower halves
/// of the half-block characters), coloured by the SGR state (foreground, background, reverse) over a theme's defaults.
/// Other escape sequences are consumed and draw nothing; other characters are drawn as background.
/// </summary>
internal static class TerminalScreen
{
    public static Rgb[,] Render(string text, TerminalTheme theme)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var rows = new List<List<(bool Upper, bool Lower, Rgb Fg, Rgb Bg)>>();
        Rgb? fg = null, bg = null;
        var reverse = false;
        foreach (var line in lines)
        {
            var row = new List<(bool, bool, Rgb, Rgb)>();
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (c == '\u001b')
                {
                    i = Escape(line, i, theme, ref fg, ref bg, ref reverse);
                    continue;
                }
                if (char.IsControl(c)) continue;
                var f = fg ?? theme.Foreground;
                var b = bg ?? theme.Background;
                if (reverse) (f, b) = (b, f);
                row.Add(c switch
                {
                    '\u2588' => (true, true, f, b),
                    '\u2580' => (true, false, f, b),
                    '\u2584' => (false, true, f, b),
                    _ => (false, false, f, b),
                });
            }
            rows.Add(row);
        }

        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var pixels = new Rgb[rows.Count * 2, width];
        for (var y = 0; y < rows.Count; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // Past the end of a line the terminal shows its default background.
                var (upper, lower, f, b) = x < rows[y].Count ? rows[y][x] : (false, false, theme.Foreground, theme.Background);
                pixels[2 * y, x] = upper ? f : b;
                pixels[2 * y + 1, x] = lower ? f : b;
            }
        }
        return pixels;
    }

    // Consumes one escape sequence starting at line[start] (ESC); applies SGR; returns the index of its last character.
    private static int Escape(string line, int start, TerminalTheme theme, ref Rgb? fg, ref Rgb? bg, ref bool reverse)
    {
        if (start + 1 >= line.Length) return start;
        var kind = line[start + 1];
        if (kind == ']')
        {
            // OSC: to BEL or ST (ESC \).
            for (var i = start + 2; i < line.Length; i++)
            {
                if (line[i] == '\u0007') return i;
                if (line[i] == '\u001b' && i + 1 < line.Length && line[i + 1] == '\\') return i + 1;
            }
            return line.Length - 1;
        }
        if (kind != '[') return start + 1;
        var end = start + 2;
        while (end < line.Length && !(line[end] >= '@' && line[end] <= '~')) end++;
        if (end >= line.Length) return line.Length - 1;
        if (line[end] != 'm') return end;
        var parameters = line.Substring(start + 2, end - start - 2).Split(';').Select(p => p.Length == 0 ? 0 : int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        for (var k = 0; k < parameters.Length; k++)
        {
            var p = parameters[k];
            switch (p)
            {
                case 0: fg = null; bg = null; reverse = false; break;
                case 7: reverse = true; break;
                case 27: reverse = false; break;
                case >= 30 and <= 37: fg = theme.Palette[p - 30]; break;
                case 39: fg = null; break;
                case >= 40 and <= 47: bg = theme.Palette[p - 40]; break;
                case 49: bg = null; break;
                case >= 90 and <= 97: fg = theme.Palette[p - 90 + 8]; break;
                case >= 100 and <= 107: bg = theme.Palette[p - 100 + 8]; break;
                case 38 or 48 when k + 2 < parameters.Length && parameters[k + 1] == 5:
                    var indexed = Indexed(parameters[k + 2], theme);
                    if (p == 38) fg = indexed; else bg = indexed;
                    k += 2;
                    break;
                case 38 or 48 when k + 4 < parameters.Length && parameters[k + 1] == 2:
                    var rgb = new Rgb((byte)parameters[k + 2], (byte)parameters[k + 3], (byte)parameters[k + 4]);
                    if (p == 38) fg = rgb; else bg = rgb;
                    k += 4;
                    break;
            }
        }
        return end;
    }

    private static Rgb Indexed(int n, TerminalTheme theme)
    {
        if (n < 16) return theme.Palette[n];
        if (n >= 232) { var g = (byte)(8 + (n - 232) * 10); return new Rgb(g, g, g); }
        n -= 16;
        static byte Level(int v) => (byte)(v == 0 ? 0 : 55 + v * 40);
        return new Rgb(Level(n / 36), Level(n / 6 % 6), Level(n % 6));
    }

    /// <summary>A rough text picture of the pixels (for failure messages): '#' dark, '.' light.</summary>
    public static string Sketch(Rgb[,] pixels)
    {
        var sb = new StringBuilder();
        for (var y = 0; y < pixels.GetLength(0); y++)
        {
            for (var x = 0; x < pixels.GetLength(1); x++) sb.Append(pixels[y, x].Luminance < 128 ? '#' : '.');
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
