using ClawBot.Core.Messaging;
using ClawBot.Core.Storage;

namespace ClawBot.Core.Tests.Unit;

public sealed class SendWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Unknown_user_or_no_token_is_closed()
    {
        Assert.Equal("no context token is known", SendWindow.Of(null, Now).WhyClosedFor(1));
        Assert.NotNull(SendWindow.Of(new ContactRecord { UserId = "u" }, Now).WhyClosedFor(1));
    }

    [Fact]
    public void Token_older_than_its_lifetime_is_closed()
    {
        var c = new ContactRecord { UserId = "u", ContextToken = "t", ContextTokenReceivedAt = Now.AddHours(-25) };
        var w = SendWindow.Of(c, Now);
        Assert.False(w.HasLiveToken);
        Assert.Contains("expired", w.WhyClosedFor(1));
        Assert.Equal(Now.AddHours(-1), w.ClosesAt);
    }

    [Theory]
    [InlineData(0, 1, true)]
    [InlineData(9, 1, true)]
    [InlineData(10, 1, false)]
    [InlineData(8, 2, true)]
    [InlineData(8, 3, false)]
    public void Allowance_counts_parts(int sent, int parts, bool open)
    {
        var c = new ContactRecord { UserId = "u", ContextToken = "t", ContextTokenReceivedAt = Now.AddHours(-1), SentSinceLastMessage = sent };
        var w = SendWindow.Of(c, Now);
        Assert.Equal(Math.Max(0, 10 - sent), w.Remaining);
        Assert.Equal(open, w.WhyClosedFor(parts) is null);
    }

    [Fact]
    public void Policy_without_a_limit_only_checks_the_token()
    {
        var c = new ContactRecord { UserId = "u", ContextToken = "t", ContextTokenReceivedAt = Now, SentSinceLastMessage = 500 };
        var w = SendWindow.Of(c, Now, new SendWindowPolicy { MessagesPerUserMessage = 0 });
        Assert.Null(w.Remaining);
        Assert.Null(w.WhyClosedFor(50));
    }
}
