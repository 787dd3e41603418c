using ClawBot.Core.Cdn;
using ClawBot.Core.Errors;

namespace ClawBot.Core.Tests.Unit;

/// <summary>Text chosen by a server (errmsg, x-error-message) lands in exception messages short and inert.</summary>
public sealed class ServerTextInMessagesTests
{
    private static readonly string Hostile =
        "\u001b[2J\u001b[31mpwned\r\nfake prompt> \u202Egnp.exe\u0007 " + new string('a', 5000);

    private static void AssertInert(string message)
    {
        Assert.DoesNotContain(message, c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format);
        Assert.True(message.Length < 320, $"{message.Length} chars");
    }

    [Fact]
    public void An_api_error_message_holds_a_short_printable_errmsg()
    {
        var ex = new ApiErrorException("sendmessage", 7, Hostile);
        AssertInert(ex.Message);
        Assert.StartsWith("The iLink service refused sendmessage: code 7 (", ex.Message);
        Assert.Contains("pwned", ex.Message);
        Assert.Equal(Hostile, ex.ServerMessage); // the raw text stays available to code
    }

    [Fact]
    public void A_short_errmsg_is_kept_as_is() =>
        Assert.Equal("The iLink service refused getconfig: code -2 (invalid ticket).", new ApiErrorException("getconfig", -2, "invalid ticket").Message);

    [Fact]
    public void Control_characters_alone_are_shown_not_acted_on() =>
        Assert.Equal("The iLink service refused getconfig: code 3 (\u2401\u2402).", new ApiErrorException("getconfig", 3, "\u0001\u0002 ").Message);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n ")]
    public void An_empty_or_blank_errmsg_adds_nothing(string? errmsg) =>
        Assert.Equal("The iLink service refused getconfig: code 3.", new ApiErrorException("getconfig", 3, errmsg).Message);

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var ex = new ApiErrorException("x", 1, "a" + string.Concat(Enumerable.Repeat("😀", 300)));
        var m = ex.Message;
        for (var i = 0; i < m.Length; i++)
        {
            if (char.IsHighSurrogate(m[i])) { Assert.True(i + 1 < m.Length && char.IsLowSurrogate(m[i + 1]), $"at {i}"); i++; }
            else Assert.False(char.IsLowSurrogate(m[i]), $"at {i}");
        }
    }

    [Fact]
    public void A_cdn_error_message_is_made_inert_the_same_way() => AssertInert(CdnUploader.Describe(400, Hostile));
}
