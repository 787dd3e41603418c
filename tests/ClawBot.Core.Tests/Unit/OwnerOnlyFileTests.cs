using System;
using System.IO;
using ClawBot.Core.Storage;
using ClawBot.Core.Tests.Support;
using Xunit;

namespace ClawBot.Core.Tests.Unit;

public class OwnerOnlyFileTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void A_new_file_is_owner_only_and_leaves_no_temporary_file()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Path);
        var path = dir.Combine("qr.png");
        OwnerOnlyFile.Write(path, new byte[] { 1, 2, 3 }, flushToDisk: false);

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(dir.Path));
        if (!OperatingSystem.IsWindows()) Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_file_others_could_read_is_replaced_by_an_owner_only_one()
    {
        if (OperatingSystem.IsWindows()) return;
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Path);
        var path = dir.Combine("qr.png");
        File.WriteAllBytes(path, new byte[] { 9, 9, 9, 9, 9 });
        File.SetUnixFileMode(path, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        OwnerOnlyFile.Write(path, new byte[] { 7 }, flushToDisk: true);

        Assert.Equal(new byte[] { 7 }, File.ReadAllBytes(path));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void A_missing_folder_is_an_IOException_that_names_the_file()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Path);
        var path = dir.Combine("no-such-folder", "qr.png");
        var e = Assert.ThrowsAny<IOException>(() => OwnerOnlyFile.Write(path, new byte[] { 1 }, flushToDisk: false));
        Assert.Contains(path, e.Message);
        Assert.DoesNotContain(".tmp", e.Message);
    }

    [Fact]
    public void A_folder_in_the_way_is_refused_and_nothing_is_left_behind()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Path);
        var path = dir.Combine("qr.png");
        Directory.CreateDirectory(path);
        var e = Assert.Throws<IOException>(() => OwnerOnlyFile.Write(path, new byte[] { 1 }, flushToDisk: false));
        Assert.Contains("is a folder", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
        Assert.True(Directory.Exists(path));
    }
}
