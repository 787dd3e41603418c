using System.IO;
using System.Security.AccessControl;
using System.Security.Principal;

namespace ClawBot.Core.Storage;

/// <summary>
/// Owner-only creation on Windows: the folder and files are created with a protected ACL that grants only the current
/// user, so no inherited entry (Administrators, other users of a shared folder) ever applies, not even briefly.
/// </summary>
internal static class WindowsAcl
{
    public static void CreateOwnerOnlyDirectory(string path)
    {
        var security = new DirectorySecurity();
        Restrict(security, InheritanceFlags.ContainerInherit | InheritanceFlags.ObjectInherit);
        new DirectoryInfo(path).Create(security);
    }

    public static void CreateOwnerOnlyFile(string path)
    {
        var security = new FileSecurity();
        Restrict(security, InheritanceFlags.None);
        using (new FileInfo(path).Create(FileMode.CreateNew, FileSystemRights.FullControl, FileShare.None, 4096, FileOptions.None, security)) { }
    }

    private static void Restrict(FileSystemSecurity security, InheritanceFlags inheritance)
    {
        using var me = WindowsIdentity.GetCurrent();
        var user = me.User!;
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        security.SetOwner(user);
        security.AddAccessRule(new FileSystemAccessRule(user, FileSystemRights.FullControl, inheritance, PropagationFlags.None, AccessControlType.Allow));
    }
}
