using System.IO;
using System.Text;
using QRCoder;

namespace ClawBot.Qr;

/// <summary>Draws the bind link as a QR code: half-block text for the terminal, PNG for headless hosts.</summary>
internal static class QrRenderer
{
    private const string BlackOnWhite = "\u001b[30;47m";
    private const string Reset = "\u001b[0m";

    /// <summary>
    /// Two modules per character cell (upper and lower half blocks), quiet zone included. With
    /// <paramref name="ansiColors"/> every line is painted black on white, so the code scans the same from a dark or a
    /// light console; without, dark modules are drawn in the console's foreground colour.
    /// </summary>
    public static string ToText(string content, bool ansiColors)
    {
        using var data = Encode(content);
        using var ascii = new AsciiQRCode(data);
        var plain = ascii.GetGraphicSmall(drawQuietZones: true, invert: false, endOfLine: "\n");
        if (!ansiColors) return plain;

        var sb = new StringBuilder(plain.Length * 2);
        foreach (var line in plain.TrimEnd('\n').Split('\n'))
        {
            sb.Append(BlackOnWhite).Append(line).Append(Reset).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Writes a PNG (10 pixels per module) to <paramref name="path"/>.</summary>
    public static void WritePng(string content, string path)
    {
        using var data = Encode(content);
        using var png = new PngByteQRCode(data);
        File.WriteAllBytes(path, png.GetGraphic(10));
    }

    private static QRCodeData Encode(string content)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
    }
}
