using System.Globalization;
using System.Text;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Tests.Unit;

public class TextChunkerTests
{
    private static int Scalars(string s) => s.EnumerateRunes().Count();

    private static void AssertWellFormed(string text, IReadOnlyList<string> chunks, int max)
    {
        Assert.Equal(text, string.Concat(chunks));
        foreach (var chunk in chunks)
        {
            Assert.NotEmpty(chunk);
            Assert.True(Scalars(chunk) <= max, $"chunk of {Scalars(chunk)} scalars");
            Assert.False(char.IsLowSurrogate(chunk[0]), "chunk starts inside a surrogate pair");
            Assert.False(char.IsHighSurrogate(chunk[^1]), "chunk ends inside a surrogate pair");
        }
        // Every cut is a grapheme boundary of the whole text.
        var boundaries = new HashSet<int>(StringInfo.ParseCombiningCharacters(text)) { text.Length };
        var at = 0;
        foreach (var chunk in chunks)
        {
            Assert.Contains(at, boundaries);
            at += chunk.Length;
        }
    }

    [Fact]
    public void Empty_text_gives_no_chunk() => Assert.Empty(TextChunker.Split("", 1000));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1000, 1)]
    [InlineData(1001, 2)]
    [InlineData(10_000, 10)]
    public void Hard_splits_text_without_breaks(int length, int expected)
    {
        var text = new string('a', length);
        var chunks = TextChunker.Split(text, 1000);
        Assert.Equal(expected, chunks.Count);
        AssertWellFormed(text, chunks, 1000);
    }

    [Fact]
    public void Prefers_a_paragraph_break_then_a_line_then_a_space()
    {
        var para = new string('a', 700) + "\n\n" + new string('b', 200) + "\n" + new string('c', 50) + " " + new string('d', 500);
        var chunks = TextChunker.Split(para, 1000);
        Assert.EndsWith("\n\n", chunks[0]);
        AssertWellFormed(para, chunks, 1000);

        var lines = new string('a', 700) + "\n" + new string('b', 250) + " " + new string('c', 500);
        Assert.EndsWith("\n", TextChunker.Split(lines, 1000)[0]);

        var words = new string('a', 900) + " " + new string('b', 500);
        Assert.Equal(901, TextChunker.Split(words, 1000)[0].Length);

        // A space early in the window is not worth a short chunk: hard cut instead.
        var early = new string('a', 100) + " " + new string('b', 1500);
        Assert.Equal(1000, TextChunker.Split(early, 1000)[0].Length);
    }

    [Fact]
    public void Counts_cjk_as_one_each()
    {
        var text = string.Concat(Enumerable.Repeat("你好世界", 500)); // 2000 BMP scalars
        var chunks = TextChunker.Split(text, 1000);
        Assert.Equal(2, chunks.Count);
        AssertWellFormed(text, chunks, 1000);
    }

    [Fact]
    public void Counts_astral_emoji_as_one_scalar_and_never_splits_a_pair()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 1001)); // 2002 UTF-16 units, 1001 scalars
        var chunks = TextChunker.Split(text, 1000);
        Assert.Equal(2, chunks.Count);
        Assert.Equal(1000, Scalars(chunks[0]));
        AssertWellFormed(text, chunks, 1000);
    }

    [Theory]
    [InlineData("👨‍👩‍👧‍👦")] // ZWJ family: 7 scalars, one grapheme
    [InlineData("🇨🇳")]       // flag: two regional indicators
    [InlineData("👍🏽")]       // skin tone modifier
    [InlineData("é")]     // e + combining acute
    public void Never_splits_a_grapheme_at_the_boundary(string grapheme)
    {
        var n = Scalars(grapheme);
        for (var prefix = 1000 - n; prefix <= 1000; prefix++)
        {
            var text = new string('a', prefix) + grapheme + new string('b', 10);
            var chunks = TextChunker.Split(text, 1000);
            AssertWellFormed(text, chunks, 1000);
            Assert.Contains(chunks, c => c.Contains(grapheme));
        }
    }

    [Fact]
    public void A_grapheme_longer_than_the_limit_is_cut_by_scalars()
    {
        var text = "a" + new string('\u0301', 30);
        var chunks = TextChunker.Split(text, 10);
        Assert.Equal(text, string.Concat(chunks));
        Assert.All(chunks, c => Assert.True(Scalars(c) <= 10));
    }

    [Fact]
    public void Rejects_a_zero_limit() => Assert.Throws<ArgumentOutOfRangeException>(() => TextChunker.Split("x", 0));
}
