using System.Collections.ObjectModel;
using System.Management.Automation;

namespace ClawBot.Module.Tests.Support;

/// <summary>Everything one script produced, stream by stream.</summary>
internal sealed class PsRun
{
    public required Collection<PSObject> Output { get; init; }
    public required IReadOnlyList<ErrorRecord> Errors { get; init; }
    public required IReadOnlyList<string> Verbose { get; init; }
    public required IReadOnlyList<string> Debug { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    public required IReadOnlyList<InformationRecord> Information { get; init; }
    public IReadOnlyList<ProgressRecord> Progress { get; init; } = Array.Empty<ProgressRecord>();
    public TerminatingError? Terminating { get; init; }

    public IEnumerable<T> Objects<T>() => Output.Select(o => o.BaseObject).OfType<T>();

    public string HostText => string.Join("\n", Information.Select(i => i.MessageData?.ToString()));

    /// <summary>Every string any stream carried (for secret scans).</summary>
    public IEnumerable<string> AllText()
    {
        foreach (var o in Output) yield return o?.ToString() ?? "";
        foreach (var e in Errors) foreach (var s in Describe(e)) yield return s;
        if (Terminating is not null) foreach (var s in Describe(Terminating.ErrorRecord)) yield return s;
        foreach (var s in Verbose.Concat(Debug).Concat(Warnings)) yield return s;
        foreach (var i in Information) yield return i.MessageData?.ToString() ?? "";
    }

    private static IEnumerable<string> Describe(ErrorRecord e)
    {
        yield return e.ToString();
        yield return e.FullyQualifiedErrorId;
        yield return e.TargetObject?.ToString() ?? "";
        yield return e.ErrorDetails?.Message ?? "";
        yield return e.ErrorDetails?.RecommendedAction ?? "";
        for (var x = e.Exception; x is not null; x = x.InnerException)
        {
            yield return x.Message;
            yield return x.ToString();
        }
    }

    public void AssertNoErrors()
    {
        Assert.True(Terminating is null, "terminating: " + Terminating?.ErrorRecord);
        Assert.True(Errors.Count == 0, "errors: " + string.Join("; ", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
    }
}

/// <summary>An error that ended the script's statement (ThrowTerminatingError), as a try/catch around it saw it.</summary>
internal sealed class TerminatingError
{
    public TerminatingError(ErrorRecord record) => ErrorRecord = record;

    public ErrorRecord ErrorRecord { get; }

    public override string ToString() => ErrorRecord.FullyQualifiedErrorId + ": " + ErrorRecord;
}
