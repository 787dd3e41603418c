using ClawBot.Core.Http;

namespace ClawBot.Core.Tests.Unit;

public class BotAgentTests
{
    [Theory]
    [InlineData("ClawBot/0.1.0", "ClawBot/0.1.0")]
    [InlineData("ClawBot/0.1.0 (PowerShell 7.5.1)", "ClawBot/0.1.0 (PowerShell 7.5.1)")]
    [InlineData("ClawBot", "OpenClaw")]
    [InlineData("", "OpenClaw")]
    [InlineData("Bad Name/1 Good/2", "Name/1 Good/2")]
    [InlineData("Bad/1/2 Good/2", "Good/2")]
    [InlineData("A/1 (unterminated", "OpenClaw")]
    [InlineData("A/1 (nested (x))", "OpenClaw")]
    [InlineData("A/1 ()", "OpenClaw")]
    [InlineData("Ünïcode/1 B/2", "B/2")]
    public void Sanitises_per_the_grammar(string input, string expected) => Assert.Equal(expected, BotAgent.Sanitize(input));

    [Fact]
    public void Drops_trailing_tokens_to_fit_256_bytes()
    {
        var many = string.Join(" ", Enumerable.Range(0, 40).Select(i => $"Product{i}/1.0.{i}"));
        var result = BotAgent.Sanitize(many);
        Assert.True(result.Length <= 256);
        Assert.StartsWith("Product0/1.0.0 Product1/1.0.1", result);
    }

    [Fact]
    public void The_default_agent_is_valid() =>
        Assert.StartsWith("ClawBot/", BotAgent.Sanitize(new Api.ILinkClientOptions().BotAgent));
}
