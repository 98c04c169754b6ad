using System.CommandLine;
using System.Runtime.InteropServices;

namespace InverseScaling.Dashboard.Cli;

/// <summary>
/// How every <c>--out</c> file is written: only ever a regular file. A device, named pipe, socket or folder at the
/// path is refused (a rename onto it would replace /dev/null as root, a write into it would block or vanish); a
/// symbolic link is refused too unless <c>--follow-links</c> asks to replace the file it points to. The content goes
/// to a new, uniquely named file beside the target first and is then renamed over it, so an interrupted write never
/// leaves half a file and a link planted at the temporary name cannot redirect it.
/// </summary>
internal static class OutputFile
{
    public static Option<bool> FollowLinksOption() => new("--follow-links")
    {
        Description = "When an --out file is a symbolic link, replace the file it points to (refused otherwise).",
    };

    public static void Write(string path, bool followLinks, Action<Stream> write)
    {
        var target = Target(path, followLinks);
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// The regular file to replace or create for <paramref name="path"/>; refuses anything else. Also called before a
    /// long command starts, so a bad --out is reported before the work, not after it.
    /// </summary>
    public static string Target(string path, bool followLinks)
    {
        var full = Path.GetFullPath(path);
        var link = new FileInfo(full);
        if (link.LinkTarget is { } pointsTo)
        {
            if (!followLinks)
            {
                throw new CliUserException($"{path}: is a symbolic link (to {pointsTo}); give --follow-links to replace the file it points to, or remove the link. Nothing was written.");
            }

            full = link.ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        }

        if (Directory.Exists(full))
        {
            throw new CliUserException($"{path}: is a folder, not a file. Nothing was written.");
        }

        if (File.Exists(full) && !IsRegularFile(full))
        {
            throw new CliUserException($"{path}: is not a regular file (a device, named pipe or socket); --out writes only regular files. Nothing was written.");
        }

        return full;
    }

    /// <summary>
    /// .NET reports devices and pipes as ordinary files, so the file type comes from stat(2)'s st_mode. Windows has no
    /// such files at a path a user would type.
    /// </summary>
    private static bool IsRegularFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        // struct stat is at most 144 bytes on the supported platforms; st_mode sits at a platform-specific offset.
        var buffer = new byte[256];
        if (Stat(path, buffer) != 0)
        {
            throw new IOException($"{path}: cannot be examined ({Marshal.GetLastPInvokeErrorMessage()})");
        }

        var mode = OperatingSystem.IsMacOS()
            ? BitConverter.ToUInt16(buffer, 4)
            : BitConverter.ToUInt32(buffer, RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 24 : 16);
        const uint FileTypeMask = 0xF000, RegularFile = 0x8000;
        return (mode & FileTypeMask) == RegularFile;
    }

    // DllImport rather than LibraryImport: the generated marshalling would need unsafe code enabled for one call.
    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat(string path, byte[] buffer);
}
