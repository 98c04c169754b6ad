using InverseScaling.Engine.Import;

namespace InverseScaling.Dashboard.Model;

/// <summary>A folder import's one-screen summary (Runs page and command line): the counts by kind, then the skipped files and why.</summary>
public static class FolderImportText
{
    /// <summary>Skipped files listed by name; the rest are counted.</summary>
    public const int SkippedListed = 30;

    /// <param name="shownAs">How to name the folder (the dashboard: relative to the data folder); its full path when null.</param>
    public static string Summary(FolderImportSummary summary, string? shownAs = null)
    {
        var lines = new List<string>
        {
            $"Imported {summary.Runs.Count} run{(summary.Runs.Count == 1 ? "" : "s")} from {shownAs ?? summary.Folder}: {summary.Files.Count} files, {summary.Read} read, {summary.Skipped} skipped.",
        };
        lines.AddRange(summary.Files.Where(f => f.ReadAs is not null).GroupBy(f => f.ReadAs!.Split(',', ';')[0])
            .Select(kind => $"{kind.Count()} × {kind.Key} → {kind.Sum(f => f.Runs.Count)} runs"));
        lines.AddRange(summary.Files.Where(f => f.Skipped is not null).Take(SkippedListed)
            .Select(f => $"skipped {Path.GetRelativePath(summary.Folder, f.Path)}: {f.Skipped}"));
        if (summary.Skipped > SkippedListed)
        {
            lines.Add($"… and {summary.Skipped - SkippedListed} more skipped files");
        }

        return string.Join('\n', lines);
    }
}
