using System.Collections.Concurrent;
using System.Management.Automation;

namespace ClawBot.Module.Tests.Support;

/// <summary>What the fault matrix tests share: fast retry timings, waiting on pipeline output, and the tally.</summary>
internal static class FaultKit
{
    /// <summary>
    /// Shortens the session's retry, back-off and timeout settings (the module has no switch for this yet; see the
    /// report of issue 6): the session's core client options are live objects, reached here through the internal
    /// <c>Session.Client</c>. Expects the session in <c>$s</c>.
    /// </summary>
    public const string Tune = """
        $__c = $s.GetType().GetProperty('Client', [Reflection.BindingFlags]'NonPublic,Instance').GetValue($s)
        $__o = $__c.Options
        $__o.Retry.BaseDelay = [TimeSpan]::FromMilliseconds(5)
        $__o.Retry.MaxDelay = [TimeSpan]::FromMilliseconds(20)
        $__o.ReceiveBackoff.ErrorDelay = [TimeSpan]::FromMilliseconds(5)
        $__o.ReceiveBackoff.BackoffDelay = [TimeSpan]::FromMilliseconds(20)
        $__o.SendTimeout = [TimeSpan]::FromSeconds(1.5)
        $__o.LongPollTimeout = [TimeSpan]::FromSeconds(1.5)
        $__o.LongPollMargin = [TimeSpan]::FromSeconds(1)
        $__o.ChunkGap = [TimeSpan]::Zero
        """;

    /// <summary>Completes when <paramref name="output"/> holds at least <paramref name="count"/> objects.</summary>
    public static Task AtLeastAsync(PSDataCollection<PSObject> output, int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        output.DataAdded += (_, _) => { if (output.Count >= count) done.TrySetResult(); };
        if (output.Count >= count) done.TrySetResult();
        return done.Task.WaitAsync(TimeSpan.FromSeconds(60)); // a hang guard, not a timing claim
    }

    /// <summary>(From, Text) of every ClawBot.Message in <paramref name="output"/>.</summary>
    public static List<(string From, string Text)> Messages(IEnumerable<PSObject> output) =>
        output.Where(o => o is not null && o.TypeNames.Contains("ClawBot.Message"))
              .Select(o => ((string)o.Properties["From"].Value, (string)o.Properties["Text"].Value)).ToList();
}

/// <summary>One row of the matrix: a fault, how many messages went through it, and what went wrong.</summary>
internal sealed record MatrixRow(string Fault, string Direction, int Messages, int Lost, int Duplicated, int ReportedFailed, string Note);

/// <summary>The rows of every matrix test run so far in this process, printed after each.</summary>
internal static class Matrix
{
    private static readonly ConcurrentDictionary<string, MatrixRow> Rows = new();

    public static void Add(MatrixRow row) => Rows[row.Fault] = row;

    public static string Table()
    {
        var rows = Rows.Values.OrderBy(r => r.Direction, StringComparer.Ordinal).ThenBy(r => r.Fault, StringComparer.Ordinal).ToList();
        var lines = new List<string>
        {
            $"| fault | dir | messages | lost | duplicated | reported failed | note |",
            "|---|---|---|---|---|---|---|",
        };
        lines.AddRange(rows.Select(r => $"| {r.Fault} | {r.Direction} | {r.Messages} | {r.Lost} | {r.Duplicated} | {r.ReportedFailed} | {r.Note} |"));
        lines.Add($"| **total ({rows.Count} faults)** | | {rows.Sum(r => r.Messages)} | {rows.Sum(r => r.Lost)} | {rows.Sum(r => r.Duplicated)} | {rows.Sum(r => r.ReportedFailed)} | |");
        return string.Join("\n", lines);
    }
}
