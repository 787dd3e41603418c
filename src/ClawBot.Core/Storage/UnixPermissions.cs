using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;

namespace ClawBot.Core.Storage;

/// <summary>
/// Owner-only creation of folders and files on Unix. netstandard2.0 has no File.SetUnixFileMode, so libc is called
/// directly: the mode is given to mkdir/open at creation, so the file never exists with wider access, not even briefly.
/// </summary>
internal static class UnixPermissions
{
    public const int OwnerOnlyDirectory = 0x1C0; // 0700
    public const int OwnerOnlyFile = 0x180;      // 0600

    private const int EEXIST = 17;

    public static bool IsUnix =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

    /// <summary>Creates <paramref name="path"/> (parents with default mode) and, when it is new, makes it 0700.</summary>
    public static void CreateOwnerOnlyDirectory(string path)
    {
        if (Directory.Exists(path)) return;
        var parent = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(parent)) Directory.CreateDirectory(parent);
        if (!IsUnix)
        {
            WindowsAcl.CreateOwnerOnlyDirectory(path);
            return;
        }
        if (mkdir(path, OwnerOnlyDirectory) != 0)
        {
            var errno = Marshal.GetLastWin32Error();
            if (errno != EEXIST) throw new IOException($"Cannot create the folder '{path}' (errno {errno}).", new Win32Exception(errno));
            return;
        }
        // mkdir's mode is filtered by the umask; chmod sets exactly 0700.
        chmod(path, OwnerOnlyDirectory);
    }

    /// <summary>Creates a new, empty file that only the owner can read or write; fails if it exists.</summary>
    public static void CreateOwnerOnlyFile(string path)
    {
        if (!IsUnix)
        {
            WindowsAcl.CreateOwnerOnlyFile(path);
            return;
        }
        var linux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
        // O_WRONLY | O_CREAT | O_EXCL: the flag values differ between Linux and the BSDs/macOS.
        var flags = 0x1 | (linux ? 0x40 | 0x80 : 0x200 | 0x800);
        var fd = open(path, flags, OwnerOnlyFile);
        if (fd < 0)
        {
            var errno = Marshal.GetLastWin32Error();
            throw new IOException($"Cannot create '{Path.GetFileName(path)}' (errno {errno}).", new Win32Exception(errno));
        }
        close(fd);
        chmod(path, OwnerOnlyFile);
    }

    /// <summary>
    /// The permission bits of <paramref name="path"/>, or null when they cannot be read. File.GetUnixFileMode exists
    /// on the .NET PowerShell 7 runs on, not in netstandard2.0: it is reached by name.
    /// </summary>
    public static int? ModeOf(string path)
    {
        var get = typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });
        if (get is null) return null;
        try { return Convert.ToInt32(get.Invoke(null, new object[] { path }), System.Globalization.CultureInfo.InvariantCulture); }
        catch (System.Reflection.TargetInvocationException) { return null; }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int mkdir([MarshalAs(UnmanagedType.LPStr)] string path, int mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int chmod([MarshalAs(UnmanagedType.LPStr)] string path, int mode);
}
