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
    [PathInput]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Files to send, taken literally (no wildcards); binds from Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    [PathInput]
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

        var captionParts = Caption is null ? 0 : TextChunker.Split(Caption, session.Client.Options.ChunkSize).Count;
        if (!TryAddress(session, recipient, captionParts + 1, out var userId, out var token)) return;

        var kind = MimeTypes.Resolve((OutboundMediaKind)As, file.Name);
        if (!ShouldProcess(userId, $"Send {kind.ToString().ToLowerInvariant()} '{file.Name}' ({file.Length:N0} bytes){(Caption is null ? "" : " with a caption")}")) return;

        var names = new List<string>();
        for (var i = 0; i < captionParts; i++) names.Add(captionParts == 1 ? "the caption" : $"caption part {i + 1} of {captionParts}");
        names.Add($"'{file.Name}'");
        var activity = ++_activityId;
        var progress = new ProgressRelay(this, activity, $"Sending {file.Name} to {recipient}");
        SendResult? result;
        try
        {
            result = Deliver(session, userId, token, file.FullName, names,
                c => session.Client.SendFileAsync(userId, token, file.FullName, kind, Caption, progress, c));
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
        if (result is null) return;

        if (PassThru)
        {
            WriteObject(new SendReceipt(userId, kind.ToString(), file.Name, result.ClientIds, result.MessageIds, result.CompletedAt, session));
        }
    }
}
