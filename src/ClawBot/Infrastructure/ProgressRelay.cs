using System;
using System.Management.Automation;
using ClawBot.Core.Messaging;

namespace ClawBot.Infrastructure;

/// <summary>Core transfer reports become Write-Progress on the pipeline thread, one record per percent at most.</summary>
internal sealed class ProgressRelay : IProgress<TransferProgress>
{
    private readonly AsyncCmdlet _cmdlet;
    private readonly int _activityId;
    private readonly string _activity;
    private int _lastPercent = -1;
    private string _lastStage = "";

    public ProgressRelay(AsyncCmdlet cmdlet, int activityId, string activity)
    {
        _cmdlet = cmdlet; _activityId = activityId; _activity = activity;
    }

    public void Report(TransferProgress value)
    {
        var percent = value.Total > 0 ? (int)(value.Done * 100 / value.Total) : 0;
        if (percent == _lastPercent && value.Stage == _lastStage) return;
        _lastPercent = percent;
        _lastStage = value.Stage;
        var status = value.Stage switch { "encrypt" => "Encrypting", "upload" => "Uploading", "download" => "Downloading", _ => value.Stage };
        var record = new ProgressRecord(_activityId, _activity, $"{status}: {value.Done:N0} of {value.Total:N0} bytes")
        {
            PercentComplete = Math.Min(100, Math.Max(0, percent)),
        };
        _cmdlet.PostProgress(record);
    }

    /// <summary>Closes the progress bar; call on the pipeline thread once the transfer ended.</summary>
    public void Complete()
    {
        if (_lastPercent < 0) return;
        _cmdlet.PostProgress(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
    }
}
