using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using ClawBot.Core.Errors;
using ClawBot.Infrastructure;

namespace ClawBot.Commands;

/// <summary>
/// Downloads, decrypts and saves the images, files, videos and voice notes of received messages (or, with -Thumbnail,
/// their thumbnails) into a folder, and outputs the files. Names from the sender are made safe; an existing file is never overwritten unless -Force.
/// </summary>
[Cmdlet(VerbsData.Save, "ClawAttachment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = MessageSet)]
[OutputType(typeof(FileInfo))]
public sealed class SaveClawAttachmentCommand : ClawBotCmdlet
{
    private const string MessageSet = "Message";
    private const string AttachmentSet = "Attachment";

    /// <summary>Messages whose attachments to save (messages without any are passed over).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = MessageSet)]
    [ValidateNotNull]
    public Message[] Message { get; set; } = Array.Empty<Message>();

    /// <summary>Attachments to save (e.g. <c>$msg.Attachments | Where-Object Kind -eq Image</c>).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = AttachmentSet)]
    [ValidateNotNull]
    public Attachment[] Attachment { get; set; } = Array.Empty<Attachment>();

    /// <summary>The folder to save into (created if missing; default: the current location).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    /// <summary>Overwrite a file of the same name instead of saving under a numbered name.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Save the thumbnails of the images and videos instead of the files (attachments without one are passed over).</summary>
    [Parameter]
    public SwitchParameter Thumbnail { get; set; }

    private string _folder = "";

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _folder = GetUnresolvedProviderPathFromPSPath(Destination ?? SessionState.Path.CurrentFileSystemLocation.ProviderPath);
        if (File.Exists(_folder))
        {
            ThrowTerminatingError(ErrorRecords.Create(ErrorIds.NotAFile, ErrorCategory.InvalidArgument, _folder,
                $"'{_folder}' is a file; -Destination must be a folder."));
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        IEnumerable<Attachment> attachments = ParameterSetName == MessageSet
            ? Message.SelectMany(m => m.Attachments)
            : Attachment;
        if (Thumbnail) attachments = attachments.Select(a => a.IsThumbnail ? a : a.Thumbnail).OfType<Attachment>();
        foreach (var attachment in attachments)
        {
            if (attachment.Message.Session.Disconnected) ThrowTerminatingError(ErrorRecords.NotConnected(null));
            if (!ShouldProcess(_folder, $"Save {attachment} of message {attachment.Message.MessageId}")) continue;

            FileInfo? saved = null;
            try
            {
                RunAsync(async ct => saved = await AttachmentDownloads.SaveAsync(this, attachment, _folder, Force, ct).ConfigureAwait(false));
            }
            catch (SessionExpiredException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, attachment));
            }
            if (saved is not null) WriteObject(saved);
        }
    }
}
