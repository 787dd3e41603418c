using ClawBot.Tests.Shared;
using Microsoft.Playwright;

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
              for (let i = 0; i < rgba.length; i += 4) s += String.fromCharCode(rgba[i], rgba[i + 1], rgba[i + 2]);
              return btoa(s);
            }
            """);
        var rgb = Convert.FromBase64String(base64);
        var pixels = new Rgb[Size, Size];
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var o = (y * Size + x) * 3;
                pixels[y, x] = new Rgb(rgb[o], rgb[o + 1], rgb[o + 2]);
            }
        return QrScan.Decode(pixels, scale: 1) ?? throw new InvalidOperationException("no QR code could be read from the page's image");
    }
}
