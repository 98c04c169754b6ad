using System.Text;
using System.Text.RegularExpressions;

namespace InverseScaling.Engine.Data;

/// <summary>
/// The small text file Git LFS leaves in place of a large file when a repository is cloned without LFS (the official
/// inverse-scaling data repository is such a one). It parses as nothing useful, so it is recognised by its first line
/// and refused with a message that says what it is and how to get the real file.
/// </summary>
internal static partial class GitLfsPointer
{
    private static ReadOnlySpan<byte> FirstLine => "version https://git-lfs.github.com/spec/v1"u8;

    /// <summary>True when <paramref name="bytes"/> (a file's start is enough) is a Git LFS pointer.</summary>
    public static bool Is(ReadOnlySpan<byte> bytes) => bytes.StartsWith(FirstLine);

    /// <summary>True when the file at <paramref name="path"/> is a Git LFS pointer; reads only its first bytes.</summary>
    public static bool IsFile(string path)
    {
        Span<byte> start = stackalloc byte[FirstLine.Length];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length && Is(start);
    }

    /// <summary>What to tell the user; names the real file's size when the pointer gives it.</summary>
    public static string Describe(ReadOnlySpan<byte> pointerFile)
    {
        var size = SizeLine().Match(Encoding.UTF8.GetString(pointerFile[..Math.Min(pointerFile.Length, 1024)]));
        var real = size.Success ? $" (the real file has {long.Parse(size.Groups[1].ValueSpan):N0} bytes)" : "";
        return $"this is a Git LFS pointer, not the file itself{real}: the repository was cloned without Git LFS; "
            + "install Git LFS and run `git lfs pull` in that repository (or download the file directly) to get the real file";
    }

    /// <summary><see cref="Describe(ReadOnlySpan{byte})"/> for a file on disk.</summary>
    public static string DescribeFile(string path)
    {
        var head = new byte[1024];
        using var stream = File.OpenRead(path);
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Describe(head.AsSpan(0, read));
    }

    [GeneratedRegex(@"^size (\d{1,18})\s*$", RegexOptions.Multiline)]
    private static partial Regex SizeLine();
}
