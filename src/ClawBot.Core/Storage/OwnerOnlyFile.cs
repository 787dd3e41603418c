using System;
using System.IO;

namespace ClawBot.Core.Storage;

/// <summary>
/// Writes a file that holds a secret (a profile, a QR code that binds the bot) so that only its owner can read it:
/// the bytes go to an owner-only temporary file beside it, which then replaces the target in one rename. A reader
/// never sees half a file. On Linux and macOS a target that existed with wider access ends owner-only; on Windows,
/// File.Replace keeps the replaced file's access list (ReplaceFile preserves DACLs), so only a new file is owner-only.
/// </summary>
public static class OwnerOnlyFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, replacing it; the folder must exist.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="bytes">Its new content.</param>
    /// <param name="flushToDisk">Whether the content reaches the disk before the rename (a power cut keeps it).</param>
    /// <exception cref="IOException">The file could not be written; the message names it and the reason.</exception>
    /// <exception cref="UnauthorizedAccessException">The target cannot be replaced (not the caller's to write).</exception>
    public static void Write(string path, byte[] bytes, bool flushToDisk)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        if (bytes is null) throw new ArgumentNullException(nameof(bytes));
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new IOException($"'{full}' cannot be written: it is a folder.");
        var folder = Path.GetDirectoryName(full) ?? ".";
        // Same folder, so the rename is atomic (one file system); a dot name keeps it out of listings.
        var temp = Path.Combine(folder, "." + Path.GetFileNameWithoutExtension(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        try
        {
            UnixPermissions.CreateOwnerOnlyFile(temp);
        }
        catch (IOException e)
        {
            throw new IOException($"'{full}' cannot be written: {e.InnerException?.Message ?? e.Message}", e);
        }
        try
        {
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk);
            }
            if (File.Exists(full)) File.Replace(temp, full, destinationBackupFileName: null);
            else File.Move(temp, full);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
