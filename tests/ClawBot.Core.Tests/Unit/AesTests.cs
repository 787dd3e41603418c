using System.Text;
using ClawBot.Core.Cdn;
using ClawBot.Core.Errors;

namespace ClawBot.Core.Tests.Unit;

public class AesTests
{
    // PROTOCOL.md §7.1 test vector.
    private static readonly byte[] Key = Convert.FromHexString("0f1e2d3c4b5a69788796a5b4c3d2e1f0");

    [Fact]
    public void Encrypts_the_protocol_vector()
    {
        var cipher = AesEcb.Encrypt(Encoding.ASCII.GetBytes("hello"), Key);
        Assert.Equal("0b948efe283b4c900505a224c8f89e1f", Convert.ToHexString(cipher).ToLowerInvariant());
        Assert.Equal("hello", Encoding.ASCII.GetString(AesEcb.Decrypt(cipher, Key)));
    }

    [Theory]
    [InlineData(0, 16)]
    [InlineData(15, 16)]
    [InlineData(16, 32)]
    [InlineData(17, 32)]
    [InlineData(20 * 1024 * 1024, 20971536)]
    public void Cipher_size_always_adds_padding(long plain, long cipher)
    {
        Assert.Equal(cipher, AesEcb.CipherSize(plain));
        if (plain <= 17) Assert.Equal(cipher, AesEcb.Encrypt(new byte[plain], Key).Length);
    }

    [Fact]
    public void Wrong_key_is_an_integrity_failure()
    {
        var cipher = AesEcb.Encrypt(Encoding.ASCII.GetBytes("hello"), Key);
        var wrong = (byte[])Key.Clone();
        wrong[0] ^= 0xFF;
        Assert.Throws<MediaIntegrityException>(() => AesEcb.Decrypt(cipher, wrong));
        Assert.Throws<MediaIntegrityException>(() => AesEcb.Decrypt(new byte[15], Key));
    }

    [Fact]
    public void Round_trips_random_sizes()
    {
        var rng = new Random(7);
        foreach (var size in new[] { 0, 1, 15, 16, 31, 32, 1000, 65537 })
        {
            var data = new byte[size];
            rng.NextBytes(data);
            Assert.Equal(data, AesEcb.Decrypt(AesEcb.Encrypt(data, Key), Key));
        }
    }
}
