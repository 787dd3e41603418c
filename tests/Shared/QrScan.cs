using ZXing;
using ZXing.Common;

namespace ClawBot.Tests.Shared;

/// <summary>Reads QR codes out of pixels with a real decoder (ZXing.Net), without trying the inverted image.</summary>
internal static class QrScan
{
    /// <summary>The text of the QR code in <paramref name="pixels"/>, or null when none decodes.</summary>
    public static string? Decode(Rgb[,] pixels, int scale = 6)
    {
        int h = pixels.GetLength(0), w = pixels.GetLength(1);
        // A margin of the top-left pixel's colour, as a phone sees the screen around the text.
        var margin = 4;
        int width = (w + 2 * margin) * scale, height = (h + 2 * margin) * scale;
        var bytes = new byte[width * height * 3];
        var around = new Rgb(128, 128, 128);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                int px = x / scale - margin, py = y / scale - margin;
                var c = px >= 0 && py >= 0 && px < w && py < h ? pixels[py, px] : around;
                var o = (y * width + x) * 3;
                bytes[o] = c.R; bytes[o + 1] = c.G; bytes[o + 2] = c.B;
            }
        }
        var reader = new BarcodeReaderGeneric
        {
            AutoRotate = false,
            Options = new DecodingOptions
            {
                PossibleFormats = new[] { BarcodeFormat.QR_CODE },
                TryHarder = true,
                TryInverted = false,
            },
        };
        var result = reader.Decode(new RGBLuminanceSource(bytes, width, height, RGBLuminanceSource.BitmapFormat.RGB24));
        return result?.Text;
    }
}
