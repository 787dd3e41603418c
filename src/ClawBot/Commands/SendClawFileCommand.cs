using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using ClawBot.Core.Cdn;
using ClawBot.Core.Errors;
using ClawBot.Core.Messaging;
using ClawBot.Infrastructure;

namespace ClawBot.Commands;

/// <summary>
/// Sends files (encrypted, uploaded to the WeChat CDN, then referenced in a message), as a file, an image or a video.
/// Accepts paths with wildcards, or files piped from Get-ChildItem.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "ClawFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = PathSet)]
[OutputType(typeof(SendReceipt))]
public sealed class SendClawFileCommand : SendCommandBase
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>Files to send; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Files to send, taken literally (no wildcards); binds from Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>Text sent as its own message just before the file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Caption { get; set; }

    /// <summary>Auto (by file type), File, Image or Video.</summary>
    [Parameter]
    public FileKind As { get; set; } = FileKind.Auto;

    private int _activityId;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession(Session);
        var recipients = RecipientsOf(session);

        foreach (var file in ResolveFiles())
        {
            foreach (var recipient in recipients)
            {
                SendTo(session, file, recipient);
            }
        }
    }

    private IEnumerable<FileInfo> ResolveFiles()
    {
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var input in literal ? LiteralPath : Path)
        {
            var paths = new List<string>();
            try
            {
                if (literal)
                {
                    paths.Add(SessionState.Path.GetUnresolvedProviderPathFromPSPath(input));
                }
                else
                {
                    paths.AddRange(GetResolvedProviderPathFromPSPath(input, out var provider));
                    if (provider.Name != "FileSystem")
                    {
                        WriteError(ErrorRecords.Create(ErrorIds.NotAFile, ErrorCategory.InvalidArgument, input,
                            $"'{input}' is not on the file system ({provider.Name} provider)."));
                        continue;
                    }
                }
            }
            catch (ItemNotFoundException)
            {
                WriteError(MissingFile(input));
                continue;
            }
            catch (Exception e) when (e is System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException)
            {
                WriteError(ErrorRecords.Create(ErrorIds.NotAFile, ErrorCategory.InvalidArgument, input, $"'{input}' is not a file path: {e.Message}"));
                continue;
            }

            foreach (var path in paths)
            {
                if (Directory.Exists(path))
                {
                    WriteError(ErrorRecords.Create(ErrorIds.NotAFile, ErrorCategory.InvalidArgument, path,
                        $"'{path}' is a folder; send the files in it (Get-ChildItem '{path}' -File | Send-ClawFile)."));
                }
                else if (!File.Exists(path))
                {
                    WriteError(MissingFile(path));
                }
                else
                {
                    yield return new FileInfo(path);
                }
            }
        }
    }

    private static ErrorRecord MissingFile(string path) =>
        ErrorRecords.Create(ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, path, $"Cannot find the file '{path}'.");

    private void SendTo(Session session, FileInfo file, string recipient)
    {
        var limit = session.Client.Options.MaxFileBytes;
        if (file.Length > limit)
        {
            WriteError(ErrorRecords.From(new FileTooLargeException(file.Name, file.Length, limit), file.FullName));
            return;
        }

        if (!TryAddress(session, recipient, out var userId, out var token)) return;

        var kind = MimeTypes.Resolve((OutboundMediaKind)As, file.Name);
        if (!ShouldProcess(userId, $"Send {kind.ToString().ToLowerInvariant()} '{file.Name}' ({file.Length:N0} bytes){(Caption is null ? "" : " with a caption")}")) return;

        var activity = ++_activityId;
        var progress = new ProgressRelay(this, activity, $"Sending {file.Name} to {recipient}");
        SendResult? result = null;
        try
        {
            RunAsync(async ct => result = await session.Client
                .SendFileAsync(userId, token, file.FullName, kind, Caption, progress, ct).ConfigureAwait(false));
        }
        catch (PartialSendException e)
        {
            ContactBookUpdates.RecordSent(session, userId, e.PartsSent);
            Report(e, file.FullName);
            return;
        }
        catch (ClawBotException e)
        {
            Report(e, file.FullName);
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(ErrorRecords.Create(ErrorIds.FileReadFailed, ErrorCategory.ReadError, file.FullName, $"'{file.FullName}' could not be read: {e.Message}"));
            return;
        }
        finally
        {
            progress.Complete();
        }

        ContactBookUpdates.RecordSent(session, userId, result!.ClientIds.Count);
        if (PassThru)
        {
            WriteObject(new SendReceipt(userId, kind.ToString(), file.Name, result.ClientIds, result.MessageIds, result.CompletedAt, session));
        }
    }

    private void WriteProgressFromAnyThread(ProgressRecord record) => Post(() => WriteProgress(record));

    /// <summary>Core progress reports become Write-Progress on the pipeline thread, one record per percent at most.</summary>
    private sealed class ProgressRelay : IProgress<TransferProgress>
    {
        private readonly SendClawFileCommand _cmdlet;
        private readonly int _activityId;
        private readonly string _activity;
        private int _lastPercent = -1;
        private string _lastStage = "";

        public ProgressRelay(SendClawFileCommand cmdlet, int activityId, string activity)
        {
            _cmdlet = cmdlet; _activityId = activityId; _activity = activity;
        }

        public void Report(TransferProgress value)
        {
            var percent = value.Total > 0 ? (int)(value.Done * 100 / value.Total) : 0;
            if (percent == _lastPercent && value.Stage == _lastStage) return;
            _lastPercent = percent;
            _lastStage = value.Stage;
            var status = value.Stage switch { "encrypt" => "Encrypting", "upload" => "Uploading", _ => value.Stage };
            _cmdlet.WriteProgressFromAnyThread(new ProgressRecord(_activityId, _activity, $"{status}: {value.Done:N0} of {value.Total:N0} bytes")
            {
                PercentComplete = Math.Min(100, Math.Max(0, percent)),
            });
        }

        public void Complete()
        {
            if (_lastPercent < 0) return;
            _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
