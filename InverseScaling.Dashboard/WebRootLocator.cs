namespace InverseScaling.Dashboard;

/// <summary>
/// Finds the dashboard's static files. They live in <c>wwwroot-assets/</c> at the repository root rather than in the
/// project (README, docs and end-to-end tests share them).
/// <list type="bullet">
/// <item>A published app (<c>dotnet publish</c>) has them in <c>wwwroot/</c> beside the binaries, together with the
/// package assets the SDK publishes there (MudBlazor, Plotly, the Blazor script), which only that folder serves.</item>
/// <item>A built app (<c>dotnet run</c>, the test hosts) has a copy in <c>wwwroot-assets/</c> beside the binaries; the
/// package assets come from the NuGet cache through the static web assets manifest.</item>
/// <item>Without either (a host whose base directory is elsewhere), the folder is searched for upwards from the working
/// directory.</item>
/// </list>
/// </summary>
internal static class WebRootLocator
{
    public const string FolderName = "wwwroot-assets";

    /// <summary>A file every layout has, which tells the dashboard's web root from any other wwwroot.</summary>
    private static readonly string Marker = Path.Combine("css", "app.css");

    public static string Find()
    {
        var published = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (File.Exists(Path.Combine(published, Marker)))
        {
            return published;
        }

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
