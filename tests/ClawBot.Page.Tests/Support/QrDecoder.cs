using Microsoft.Playwright;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace ClawBot.Page.Tests.Support;

/// <summary>Reads the QR code an &lt;img&gt; shows: the browser draws it into a canvas, ZXing decodes the pixels.</summary>
internal static class QrDecoder
{
    private const int Size = 330;

    public static async Task<string> DecodeAsync(ILocator image)
    {
        var base64 = await image.EvaluateAsync<string>($$"""
            async (img) => {
              await img.decode();
              const c = document.createElement('canvas');
              c.width = {{Size}}; c.height = {{Size}};
              const g = c.getContext('2d');
              g.fillStyle = '#fff'; g.fillRect(0, 0, c.width, c.height);
              g.drawImage(img, 0, 0, c.width, c.height);
              const rgba = g.getImageData(0, 0, c.width, c.height).data;
              let s = '';
              for (let i = 0; i < rgba.length; i += 4) s += String.fromCharCode((rgba[i] * 299 + rgba[i + 1] * 587 + rgba[i + 2] * 114) / 1000 | 0);
              return btoa(s);
            }
            """);
        var gray = Convert.FromBase64String(base64);
        var source = new RGBLuminanceSource(gray, Size, Size, RGBLuminanceSource.BitmapFormat.Gray8);
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)));
        return result?.Text ?? throw new InvalidOperationException("no QR code could be read from the page's image");
    }
}
