namespace InverseScaling.Dashboard;

/// <summary>
/// Finds <c>wwwroot-assets/</c>, the dashboard's static files, which live at the repository root rather than in the
/// project (README, docs and end-to-end tests share them). The build copies them next to the binaries, so the copy
/// beside the assembly is used when it exists — that works for <c>dotnet run --project InverseScaling.Dashboard</c>
/// from the repository root, for running the built output directly, and for a published app. Without a copy
/// (e.g. a test host whose base directory is elsewhere), the folder is searched for upwards from the working directory.
/// </summary>
internal static class WebRootLocator
{
    public const string FolderName = "wwwroot-assets";

    public static string Find()
    {
        var besideBinaries = Path.Combine(AppContext.BaseDirectory, FolderName);
        if (Directory.Exists(besideBinaries))
        {
            return besideBinaries;
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FolderName);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        // Nothing found: fall back to the copy's expected place so the error names a sensible path.
        return besideBinaries;
    }
}
