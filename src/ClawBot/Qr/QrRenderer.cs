using System.Text;
using ClawBot.Core.Storage;
using QRCoder;

namespace ClawBot.Qr;

/// <summary>Draws the bind link as a QR code: half-block text for the terminal, PNG for headless hosts.</summary>
internal static class QrRenderer
{
    // Black ink on white paper, whatever the console's theme: a QR code must be dark on light (with a light quiet zone)
    // for many scanners, and theme-independent colours are the only way to be sure of that.
    private const string BlackOnWhite = "\u001b[30;47m";
    private const string Reset = "\u001b[0m";

    /// <summary>
    /// Two modules per character cell (upper and lower half blocks), quiet zone included. Blocks are drawn in "ink".
    /// With ANSI colours the ink is black and every line is painted on white, so the code scans in any theme. Without,
    /// the ink is the console's foreground colour: on a dark background the light modules are inked (and the dark ones
    /// left to the background), on a light background the dark ones.
    /// </summary>
    public static string ToText(string content, QrTextStyle style)
    {
        using var data = Encode(content);
        using var ascii = new AsciiQRCode(data);
        // QRCoder inks the light modules unless inverted.
        var inkDarkModules = style != QrTextStyle.PlainOnDark;
        var plain = ascii.GetGraphicSmall(drawQuietZones: true, invert: inkDarkModules, endOfLine: "\n");
        if (style != QrTextStyle.Ansi) return plain;

        var sb = new StringBuilder(plain.Length * 2);
        foreach (var line in plain.TrimEnd('\n').Split('\n'))
        {
            sb.Append(BlackOnWhite).Append(line).Append(Reset).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// Writes a PNG (10 pixels per module) to <paramref name="path"/>, readable by its owner only: while it is valid,
    /// whoever scans the code can take the binding.
    /// </summary>
    public static void WritePng(string content, string path)
    {
        using var data = Encode(content);
        using var png = new PngByteQRCode(data);
        OwnerOnlyFile.Write(path, png.GetGraphic(10), flushToDisk: false);
    }

    private static QRCodeData Encode(string content)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
    }
}

/// <summary>How the terminal QR code is drawn.</summary>
internal enum QrTextStyle
{
    /// <summary>Explicit black on white (ANSI colours).</summary>
    Ansi,
    /// <summary>No colours, for a console with a dark background.</summary>
    PlainOnDark,
    /// <summary>No colours, for a console with a light background.</summary>
    PlainOnLight,
}
