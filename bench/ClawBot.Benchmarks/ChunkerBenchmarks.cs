using System.Text;
using BenchmarkDotNet.Attributes;
using ClawBot.Core.Messaging;

namespace ClawBot.Benchmarks;

/// <summary>TextChunker.Split on a 10 000-char (UTF-16) text of CJK, emoji (pairs, ZWJ families, flags, skin tones) and breaks.</summary>
public class ChunkerBenchmarks
{
    public const int Length = 10_000;
    private string _text = "";

    [GlobalSetup]
    public void Setup() => _text = Text(Length);

    [Benchmark(Description = "TextChunker.Split 10 000 chars / 1000")]
    public IReadOnlyList<string> Split() => TextChunker.Split(_text, 1000);

    /// <summary>A deterministic mix; ends on a whole fragment, padded with CJK to exactly <paramref name="length"/> chars.</summary>
    public static string Text(int length)
    {
        string[] fragments =
        [
            "今天天气很好，我们去公园散步吧。", "👍🏽", "会议改到明天下午三点，请大家准时参加", " ", "👨‍👩‍👧‍👦", "数据备份已完成✅",
            "🇨🇳", "\n", "服务器负载：CPU 87%，内存 12.3 GiB", "😀😃😄", "\n\n", "请查收附件中的月度报告。", "e\u0301", " ok ",
        ];
        var sb = new StringBuilder(length);
        for (var i = 0; ; i++)
        {
            var f = fragments[i % fragments.Length];
            if (sb.Length + f.Length > length) break;
            sb.Append(f);
        }
        while (sb.Length < length) sb.Append('字');
        return sb.ToString();
    }
}
