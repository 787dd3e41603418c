using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ClawBot.Simulator.Messaging;

/// <summary>
/// A small, valid PNG for inbound thumbnails when a test gives none: a stepped gradient of the requested size, so a client
/// that saves a thumbnail gets a file any viewer opens, with the dimensions thumb_width and thumb_height announce.
/// </summary>
public static class ThumbnailImage
{
    public const int DefaultWidth = 120;
    public const int DefaultHeight = 90;
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static byte[] Png(int width, int height)
    {
        if (width is < 1 or > 4096 || height is < 1 or > 4096) throw new ArgumentException("thumbnail sides must be 1..4096 pixels");
        // Raw scanlines: filter byte 0, then RGB.
        var raw = new byte[height * (1 + width * 3)];
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + width * 3);
            for (var x = 0; x < width; x++)
            {
                // Steps of 8 pixels: a picture at a glance, and a few hundred bytes once compressed.
                raw[row + 1 + x * 3] = (byte)(x / 8 * 8 * 255 / Math.Max(1, width - 1));
                raw[row + 2 + x * 3] = (byte)(y / 8 * 8 * 255 / Math.Max(1, height - 1));
                raw[row + 3 + x * 3] = 160;
            }
        }
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw);
            Chunk(png, "IDAT", compressed.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        s.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        s.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
