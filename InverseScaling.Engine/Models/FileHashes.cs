using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InverseScaling.Engine.Models;

/// <summary>
/// SHA-256 of a file, remembered by full path, size and modification time: in this process, and across runs in the
/// user's local application-data folder. Hashing a 438 MB graph took seconds on every run and every dashboard start;
/// a file rewritten with the same size and a restored modification time would keep its old hash (the same trade-off
/// as make and rsync).
/// </summary>
internal static class FileHashes
{
    private static readonly ConcurrentDictionary<string, (long Size, long Ticks, byte[] Hash)> Known = new(StringComparer.Ordinal);

    public static byte[] Sha256(string path)
    {
        path = Path.GetFullPath(path);
        var info = new FileInfo(path);
        var (size, ticks) = (info.Length, info.LastWriteTimeUtc.Ticks);
        if (Known.TryGetValue(path, out var known) && known.Size == size && known.Ticks == ticks)
        {
            return known.Hash;
        }

        var record = RecordPath(path);
        var hash = ReadRecord(record, size, ticks) ?? Compute(path);
        Known[path] = (size, ticks, hash);
        WriteRecord(record, size, ticks, hash);
        return hash;
    }

    private static byte[] Compute(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return SHA256.HashData(stream);
    }

    private static string RecordPath(string path) => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "InverseScaling",
        "file-hashes",
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..32] + ".txt");

    /// <summary>The remembered hash when the record matches size and time; null when absent, stale or unreadable.</summary>
    private static byte[]? ReadRecord(string record, long size, long ticks)
    {
        try
        {
            var parts = File.ReadAllText(record).Split(' ');
            return parts.Length == 3
                && parts[0] == size.ToString(CultureInfo.InvariantCulture)
                && parts[1] == ticks.ToString(CultureInfo.InvariantCulture)
                && parts[2].Length == 64
                ? Convert.FromHexString(parts[2])
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static void WriteRecord(string record, long size, long ticks, byte[] hash)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(record)!);
            File.WriteAllText(record, string.Create(CultureInfo.InvariantCulture, $"{size} {ticks} {Convert.ToHexStringLower(hash)}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a cache: the next run hashes again.
        }
    }
}
