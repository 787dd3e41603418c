using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ClawBot.Core.Api;
using ClawBot.Core.Messaging;

namespace ClawBot.Core.Media;

/// <summary>
/// Saves an attachment into a folder: downloaded and decrypted to a hidden temp file beside the target, checked, then
/// renamed, so a failure never leaves a half-written file under a real name.
/// </summary>
public sealed class AttachmentSaver
{
    private readonly ILinkClient _client;

    /// <summary>Creates a saver over a bound client.</summary>
    public AttachmentSaver(ILinkClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>
    /// Saves <paramref name="attachment"/> (the <paramref name="index"/>-th of message <paramref name="messageId"/>)
    /// into <paramref name="folder"/> and returns the full path. An existing file is kept and the new one numbered,
    /// unless <paramref name="overwrite"/>.
    /// </summary>
    public async Task<string> SaveAsync(MediaAttachment attachment, string messageId, int index, string folder, bool overwrite,
        IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        if (attachment is null) throw new ArgumentNullException(nameof(attachment));
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, ".clawbot-" + Guid.NewGuid().ToString("N") + ".part");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await _client.DownloadAttachmentAsync(attachment, stream, progress, cancellationToken).ConfigureAwait(false);
            }
            // A thumbnail is named after its file, so the two sort together and never take each other's name.
            var name = AttachmentFileNames.For(attachment.FileName, attachment.Kind, attachment.IsThumbnail ? messageId + "-thumbnail" : messageId, index,
                AttachmentFileNames.ExtensionFor(attachment.Kind, attachment.VoiceEncoding, ReadHead(temp)));
            return Place(temp, folder, name, overwrite);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static string Place(string temp, string folder, string name, bool overwrite)
    {
        var target = Path.Combine(folder, name);
        if (overwrite && File.Exists(target))
        {
            File.Replace(temp, target, destinationBackupFileName: null);
            return target;
        }
        for (var n = 1; ; n++)
        {
            try
            {
                File.Move(temp, target); // fails rather than overwrite, so a file that appeared meanwhile is kept too
                return target;
            }
            catch (IOException) when (File.Exists(target) && n < 10_000)
            {
                target = Path.Combine(folder, AttachmentFileNames.Numbered(name, n));
            }
        }
    }

    private static byte[] ReadHead(string path)
    {
        var head = new byte[16];
        using var stream = File.OpenRead(path);
        var read = stream.Read(head, 0, head.Length);
        if (read == head.Length) return head;
        var shorter = new byte[read];
        Array.Copy(head, shorter, read);
        return shorter;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
