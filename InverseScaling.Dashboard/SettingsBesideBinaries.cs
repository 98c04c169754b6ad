using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace InverseScaling.Dashboard;

/// <summary>
/// The appsettings.json a user edits is read from the working directory (the repository root under <c>dotnet run</c>).
/// A published app started from another folder has none there; it then falls back to the copy published beside its
/// binaries, so it still listens where the README says and keeps its defaults. Command-line and environment settings
/// override either.
/// </summary>
internal static class SettingsBesideBinaries
{
    private const string FileName = "appsettings.json";

    public static void Add(IConfigurationManager configuration, string contentRoot)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, FileName);
        if (File.Exists(Path.Combine(contentRoot, FileName)) || !File.Exists(beside))
        {
            return;
        }

        // First source = lowest precedence: everything the host adds after it (environment, command line) wins.
        configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            Path = FileName,
            Optional = true,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });
    }
}
