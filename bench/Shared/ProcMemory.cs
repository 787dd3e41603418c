using System.Text.RegularExpressions;

namespace ClawBot.Bench;

/// <summary>
/// Process memory from /proc/self/status: VmRSS now, VmHWM (peak resident set) since start or since the last
/// <see cref="ResetPeak"/> (writing 5 to /proc/self/clear_refs, Linux ≥ 4.0). The seed harness does the same in Python.
/// </summary>
public static partial class ProcMemory
{
    public static long RssBytes() => Read("VmRSS");
    public static long PeakBytes() => Read("VmHWM");

    /// <summary>Resets VmHWM to the current RSS, so the next reading is the peak of what follows.</summary>
    public static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    private static long Read(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            var m = FieldPattern().Match(line);
            if (m.Success && m.Groups[1].Value == field) return long.Parse(m.Groups[2].Value) * 1024;
        }
        throw new InvalidOperationException(field + " not found in /proc/self/status");
    }

    [GeneratedRegex(@"^(\w+):\s+(\d+) kB")]
    private static partial Regex FieldPattern();
}
