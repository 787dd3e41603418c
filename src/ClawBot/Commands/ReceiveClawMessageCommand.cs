using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Completion;
using ClawBot.Core.Errors;
using ClawBot.Core.Monitor;
using ClawBot.Core.Storage;
using ClawBot.Infrastructure;

namespace ClawBot.Commands;

/// <summary>
/// Streams incoming messages down the pipeline as they arrive, until stopped, -First messages, or -Timeout of quiet.
/// A thin face over ClawBot.Core's MessageStream, which owns the guarantees: nothing lost, nothing repeated (but the
/// one message being handed on at the instant the process is killed), one receiver per profile.
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "ClawMessage")]
[OutputType(typeof(Message))]
public sealed class ReceiveClawMessageCommand : ClawBotCmdlet
{
    /// <summary>The sessions to listen on (default: the current one); several merge into one stream.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public Session[]? Session { get; set; }

    /// <summary>Stop after this many messages.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; }

    /// <summary>Stop after this long without a message (a number means seconds).</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan Timeout { get; set; }

    /// <summary>Only messages from these users (ids or aliases).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(RecipientCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? From { get; set; }

    /// <summary>Save every attachment into this folder before the message goes down the pipeline (see Attachment.SavedFile).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SaveAttachmentsTo { get; set; }

    private readonly List<Session> _sessions = new();
    private string? _saveFolder;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Timeout < TimeSpan.Zero)
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, Timeout,
                "-Timeout must be a positive time span (or a number of seconds)."));
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (Session is null)
        {
            if (_sessions.Count == 0) _sessions.Add(ResolveSession(null));
            return;
        }
        foreach (var s in Session) _sessions.Add(ResolveSession(s));
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        _saveFolder = SaveAttachmentsTo is null ? null : GetUnresolvedProviderPathFromPSPath(SaveAttachmentsTo);
        if (_saveFolder is not null && System.IO.File.Exists(_saveFolder))
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.NotAFile, ErrorCategory.InvalidArgument, _saveFolder,
                $"'{_saveFolder}' is a file; -SaveAttachmentsTo must be a folder."));
        }
        var sources = _sessions.Distinct()
            .Select(s => new StreamSource(s.Client, s.Profile, s.Store, ResolveSenders(s)) { Tag = s })
            .ToList();

        MessageStream? stream = null;
        try
        {
            stream = MessageStream.Open(sources, new MessageStreamOptions { First = First, IdleTimeout = Timeout }, new OutageWarnings(this));
            RunAsync(ct => stream.RunAsync(HandOnAsync, ct));
        }
        catch (ProfileBusyException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, e.ProfileName));
        }
        catch (ClawBotException e)
        {
            // The inbox retries transient failures itself; what reaches here (-14 above all) ends the stream.
            ThrowTerminatingError(ErrorRecords.From(e, (stream?.FailedSource?.Tag as Session)?.Name));
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            // Saving the profile failed (a full disk, a read-only folder, another writer holding the lock too long):
            // what was handed on stays handed on (the journal has it), but the stream stops here.
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.ProfileWriteFailed, ErrorCategory.WriteError, (stream?.FailedSource?.Tag as Session)?.Name,
                $"The profile could not be stored, so the receive position cannot be kept: {e.Message}",
                $"Check the profile folder ({ProfileStore.HomeVariable} or the default), then run Receive-ClawMessage again; nothing handed on comes again."));
        }
        finally
        {
            stream?.Dispose();
        }
    }

    /// <summary>Saves a batch's attachments when asked, then writes its messages downstream on the pipeline thread.</summary>
    private async Task HandOnAsync(DeliveryBatch batch, CancellationToken token)
    {
        var session = (Session)batch.Source.Tag!;
        var messages = batch.Messages.Select(m => new Message(m, session)).ToList();
        if (_saveFolder is not null)
        {
            foreach (var attachment in messages.SelectMany(m => m.Attachments))
            {
                await AttachmentDownloads.SaveAsync(this, attachment, _saveFolder, overwrite: false, token).ConfigureAwait(false);
            }
        }
        // One hand-off per batch, not per message: the pipeline thread writes them all in one go.
        await OnPipeline(() => Emit(batch, messages)).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the messages downstream, each recorded as delivered once written. A message that reached the command
    /// below when Ctrl-C or Select-Object -First stopped the pipeline counts as delivered (a stop repeats nothing); one
    /// the stop kept from going (it landed just before the write) does not, and comes again; a message whose handler
    /// below threw comes again.
    /// </summary>
    private void Emit(DeliveryBatch batch, List<Message> messages)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            if (Stopping) return; // stopped before this one went: it was not handed on, and comes again
            var handedOn = true;
            try
            {
                WriteObject(messages[i]);
            }
            catch (PipelineStoppedException e)
            {
                handedOn = ReachedTheCommandBelow(e);
                throw;
            }
            catch (Exception)
            {
                handedOn = false;
                throw;
            }
            finally
            {
                if (handedOn) batch.HandedOn(batch.Messages[i]);
            }
        }
    }

    // WriteObject first checks whether the pipeline is stopping, then hands the object to the next command, which runs
    // inside that call. A stop thrown by the first check (it landed between our check and the write) reached nobody;
    // one that comes back from a command below was thrown while the message was being handled. The command below
    // runs through CommandProcessorBase.DoExecute, a frame the JIT never inlines (Pipe.Add, in between, it does).
    private static bool ReachedTheCommandBelow(Exception stop) =>
        stop.StackTrace?.Contains("System.Management.Automation.CommandProcessorBase.DoExecute(", StringComparison.Ordinal) == true;

    /// <summary>The user ids -From names for a session; a name that is none of a contact, an alias or a user id ends the command before anything is consumed.</summary>
    private IReadOnlyCollection<string>? ResolveSenders(Session session)
    {
        if (From is null) return null;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var who in From)
        {
            var resolved = Recipients.Resolve(session, who);
            if (resolved is null)
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorIds.ContactNotFound, ErrorCategory.ObjectNotFound, who,
                    $"-From '{who}' is neither a contact's user id or alias nor a WeChat user id; nothing was received.",
                    "Get-ClawContact lists the contacts and their aliases; user ids end in @im.wechat."));
                continue;
            }
            ids.Add(resolved.Value.UserId);
        }
        return ids;
    }

    /// <summary>Says once when the service stops answering, and once when it is back (otherwise only -Verbose shows it).</summary>
    private sealed class OutageWarnings : IReceiveObserver
    {
        private readonly ReceiveClawMessageCommand _cmdlet;

        public OutageWarnings(ReceiveClawMessageCommand cmdlet) => _cmdlet = cmdlet;

        public void Unavailable(Profile profile, int failedPolls, string reason) => _cmdlet.Post(() => _cmdlet.WriteWarning(
            $"The WeChat service has not answered the last {failedPolls} polls for '{profile.Name}' (last: {reason}); still trying, messages are not lost meanwhile."));

        public void Restored(Profile profile, TimeSpan downFor) => _cmdlet.Post(() => _cmdlet.WriteWarning(
            $"The WeChat service answers again for '{profile.Name}' (it did not for {Math.Max(1, (int)Math.Round(downFor.TotalSeconds))} s)."));
    }
}
