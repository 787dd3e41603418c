using ClawBot.Core.Cdn;

namespace ClawBot.Core.Tests.Unit;

public class AesKeyCodecTests
{
    private const string HexKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static readonly byte[] Key = Convert.FromHexString(HexKey);

    [Fact]
    public void Encodes_the_forms_we_send()
    {
        Assert.Equal(HexKey, AesKeyCodec.ToHex(Key));
        Assert.Equal("MGYxZTJkM2M0YjVhNjk3ODg3OTZhNWI0YzNkMmUxZjA=", AesKeyCodec.ToBase64OfHex(Key));
    }

    [Theory]
    [InlineData("Dx4tPEtaaXiHlqW0w9Lh8A==")]                     // inbound image: base64 of the raw bytes
    [InlineData("MGYxZTJkM2M0YjVhNjk3ODg3OTZhNWI0YzNkMmUxZjA=")] // file, voice, video: base64 of the hex
    [InlineData("MEYxRTJEM0M0QjVBNjk3ODg3OTZBNUI0QzNEMkUxRjA=")] // upper-case hex inside
    public void Decodes_both_base64_forms(string value) => Assert.Equal(Key, AesKeyCodec.TryParseBase64Key(value));

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAECAw==")]                                      // 4 bytes
    [InlineData("enp6enp6enp6enp6enp6enp6enp6enp6enp6enp6enp6")] // 32 bytes that are not hex
    public void Rejects_anything_else(string value) => Assert.Null(AesKeyCodec.TryParseBase64Key(value));

    [Fact]
    public void Parses_hex_keys()
    {
        Assert.Equal(Key, AesKeyCodec.TryParseHexKey(HexKey));
        Assert.Equal(Key, AesKeyCodec.TryParseHexKey(HexKey.ToUpperInvariant()));
        Assert.Null(AesKeyCodec.TryParseHexKey(HexKey[..30]));
        Assert.Null(AesKeyCodec.TryParseHexKey("zz" + HexKey[2..]));
    }
}
