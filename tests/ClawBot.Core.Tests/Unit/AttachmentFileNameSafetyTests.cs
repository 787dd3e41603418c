using System.Globalization;
using System.Text;
using ClawBot.Core.Media;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Tests.Unit;

/// <summary>Sender-chosen file names: byte length, invisible characters, Windows device names.</summary>
public sealed class AttachmentFileNameSafetyTests : IDisposable
{
    private const int MaxBytes = 200;
    private readonly string _dir = Directory.CreateTempSubdirectory("clawbot-names-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string For(string sent) => AttachmentFileNames.For(sent, AttachmentKind.File, "42", 0, ".bin");

    private static int Bytes(string s) => Encoding.UTF8.GetByteCount(s);

    private static void AssertWellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            Assert.False(char.IsSurrogate(s[i]), $"lone surrogate at {i}");
        }
    }

    public static TheoryData<string, string> LongNames => new()
    {
        { string.Concat(Enumerable.Repeat("季度财务报告", 20)) + ".pdf", ".pdf" }, // 120 chars, 364 bytes
        { "a" + string.Concat(Enumerable.Repeat("😀", 150)) + ".txt", ".txt" },
        { string.Concat(Enumerable.Repeat("e\u0301", 150)) + ".md", ".md" },
        { new string('x', 300) + ".pdf", ".pdf" },
    };

    [Theory]
    [MemberData(nameof(LongNames))]
    public void Long_names_fit_in_200_utf8_bytes_keep_the_extension_and_can_be_created(string sent, string ext)
    {
        var name = For(sent);
        Assert.InRange(Bytes(name), 1, MaxBytes);
        Assert.EndsWith(ext, name);
        AssertWellFormed(name);
        File.WriteAllText(Path.Combine(_dir, name), "ok"); // ENAMETOOLONG on Linux when over 255 bytes
    }

    [Fact]
    public void Shortening_cuts_between_graphemes()
    {
        var name = For(string.Concat(Enumerable.Repeat("e\u0301", 150)) + ".md");
        var stem = name.Substring(0, name.Length - 3);
        Assert.All(StringInfoElements(stem), e => Assert.Equal("e\u0301", e));
    }

    private static IEnumerable<string> StringInfoElements(string s)
    {
        var e = StringInfo.GetTextElementEnumerator(s);
        while (e.MoveNext()) yield return (string)e.Current;
    }

    [Fact]
    public void Shortening_leaves_no_trailing_dot_or_space_in_the_stem()
    {
        for (var k = 100; k <= 210; k++)
        {
            var name = For(new string('x', k) + " . . . . . ." + new string('y', 300) + ".pdf");
            var stem = name.Substring(0, name.Length - 4);
            Assert.False(stem.EndsWith(' ') || stem.EndsWith('.'), $"k={k}: '{name}'");
            Assert.InRange(Bytes(name), 1, MaxBytes);
        }
    }

    [Fact]
    public void A_numbered_name_still_fits()
    {
        var name = For(string.Concat(Enumerable.Repeat("报告", 100)) + ".pdf");
        var numbered = AttachmentFileNames.Numbered(name, 9999);
        Assert.InRange(Bytes(numbered), 1, MaxBytes);
        Assert.EndsWith(" (9999).pdf", numbered);
        Assert.Equal("data (3).bin", AttachmentFileNames.Numbered("data.bin", 3));
    }

    [Fact]
    public void A_bidi_override_cannot_disguise_the_extension()
    {
        var name = For("invoice\u202Efdp.exe");
        Assert.Equal("invoicefdp.exe", name);
    }

    // Code points, not strings: xUnit cannot serialise a lone surrogate and would pass U+FFFD instead.
    [Theory]
    [InlineData(0x0085)] // NEL (C1)
    [InlineData(0x009B)] // CSI (C1)
    [InlineData(0x200B)] // zero width space
    [InlineData(0x200E)]
    [InlineData(0x200F)]
    [InlineData(0x202A)]
    [InlineData(0x202B)]
    [InlineData(0x202C)]
    [InlineData(0x202D)]
    [InlineData(0x202E)]
    [InlineData(0x2066)]
    [InlineData(0x2067)]
    [InlineData(0x2068)]
    [InlineData(0x2069)]
    [InlineData(0xFEFF)]
    [InlineData(0x00AD)] // soft hyphen
    [InlineData(0x2028)] // line separator
    [InlineData(0xD800)] // lone high surrogate
    [InlineData(0xDC00)] // lone low surrogate
    public void Invisible_and_control_characters_do_not_survive(int code)
    {
        var bad = ((char)code).ToString();
        var name = For("re" + bad + "port" + bad + ".pdf");
        Assert.DoesNotContain(bad, name, StringComparison.Ordinal);
        AssertWellFormed(name);
        foreach (var c in name)
        {
            var category = char.GetUnicodeCategory(c);
            Assert.NotEqual(UnicodeCategory.Control, category);
            Assert.NotEqual(UnicodeCategory.Format, category);
        }
        Assert.EndsWith(".pdf", name);
        Assert.StartsWith("re", name);
    }

    [Fact]
    public void Emoji_survive_and_a_zero_width_joiner_is_dropped() =>
        Assert.Equal("👨👩 family.png", For("👨\u200D👩 family.png"));

    [Theory]
    [InlineData("COM0.txt")]
    [InlineData("LPT0.txt")]
    [InlineData("COM\u00B9.txt")]
    [InlineData("COM\u00B2")]
    [InlineData("COM\u00B3.log")]
    [InlineData("LPT\u00B9.txt")]
    [InlineData("lpt\u00B2.txt")]
    [InlineData("LPT\u00B3.txt")]
    [InlineData("CONIN$")]
    [InlineData("conout$.txt")]
    [InlineData("CON .txt")]
    [InlineData("nul . .txt")]
    [InlineData("aux.tar.gz")]
    public void Windows_device_names_are_prefixed(string sent) =>
        Assert.Equal("_" + sent, For(sent).Substring(0, sent.Length + 1));

    [Theory]
    [InlineData("CONSOLE.txt")]
    [InlineData("COM10.txt")]
    [InlineData("LPT.txt")]
    [InlineData("my CON.txt")]
    public void Names_that_only_resemble_device_names_are_kept(string sent) =>
        Assert.Equal(sent, For(sent));

    [Fact]
    public void A_cut_that_leaves_a_device_name_is_prefixed()
    {
        var name = For("CON" + new string(' ', 300) + "x.pdf");
        Assert.Equal("_CON.pdf", name);
    }
}
