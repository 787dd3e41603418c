using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Errors;

namespace ClawBot.Infrastructure;

/// <summary>Saving attachments for Save-ClawAttachment and Receive-ClawMessage -SaveAttachmentsTo, with their errors.</summary>
internal static class AttachmentDownloads
{
    private static int _activityIds = 1000;

    /// <summary>
    /// Saves one attachment (any thread). A failure becomes a non-terminating error naming the message, and null;
    /// an expired session is thrown, since nothing after it can work.
    /// </summary>
    public static async Task<FileInfo?> SaveAsync(AsyncCmdlet cmdlet, Attachment attachment, string folder, bool overwrite, CancellationToken cancellationToken)
    {
        var message = attachment.Message;
        var index = IndexOf(attachment);
        var progress = new ProgressRelay(cmdlet, Interlocked.Increment(ref _activityIds), $"Saving {attachment} of message {message.MessageId}");
        try
        {
            var path = await message.Session.Saver.SaveAsync(attachment.Core, attachment.SourceMessageId, index, folder, overwrite, progress, cancellationToken).ConfigureAwait(false);
            attachment.SavedFile = new FileInfo(path);
            return attachment.SavedFile;
        }
        catch (SessionExpiredException)
        {
            throw;
        }
        catch (Exception e) when (e is ClawBotException or IOException or UnauthorizedAccessException)
        {
            // A download or decode failure keeps the core's id (CdnError, AttachmentIntegrity…); a local write failure is ours.
            var record = e is ClawBotException
                ? ErrorRecords.From(e, attachment)
                : ErrorRecords.Create(ErrorIds.AttachmentSaveFailed, ErrorCategory.WriteError, attachment, e.Message, "Check that the destination folder exists and can be written.");
            record.ErrorDetails = new ErrorDetails(
                $"{attachment.Kind} {index + 1} of message {message.MessageId} from {message.From} could not be saved: {record.Exception.Message}")
            {
                RecommendedAction = record.ErrorDetails?.RecommendedAction,
            };
            cmdlet.PostError(record);
            return null;
        }
        finally
        {
            progress.Complete();
        }
    }

    /// <summary>The attachment's place on its message (a thumbnail's is its file's); 0 for a quoted file.</summary>
    private static int IndexOf(Attachment attachment)
    {
        var all = attachment.Message.Attachments;
        for (var i = 0; i < all.Count; i++)
            if (ReferenceEquals(all[i], attachment) || (attachment.IsThumbnail && ReferenceEquals(all[i].Thumbnail, attachment))) return i;
        return 0;
    }
}
