using InverseScaling.Engine;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;
using Microsoft.Extensions.Options;

namespace InverseScaling.Dashboard.Services;

/// <summary>
/// Outcome of an import from the Runs page: the runs stored, or the importer's message saying which file and why not;
/// for a folder, also what each file was read as and which were skipped and why.
/// </summary>
/// <param name="FolderShownAs">The folder as the page names it (relative to the data folder), never its server path.</param>
public sealed record ImportOutcome(IReadOnlyList<RunRecord> Runs, string? Error, FolderImportSummary? Folder = null, string? FolderShownAs = null)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Imports results files from the dashboard through the engine's <see cref="ResultsImporter"/>, off the UI thread. Paths
/// typed in the browser are confined to the configured data folder, links followed (<see cref="DataFolderPaths"/>), so
/// the page cannot be used to read arbitrary files; a refusal never shows what a file holds or where the folder is.
/// </summary>
public sealed partial class ResultsImportService(
    ResultsImporter importer, FolderImporter folderImporter, IOptions<EngineOptions> options, ILogger<ResultsImportService>? logger = null)
{
    private readonly DataFolderPaths _paths = new(options.Value.DataFolder);

    /// <summary>The data folder, for the page's helper text.</summary>
    public string DataFolder => Path.GetFullPath(options.Value.DataFolder);

    /// <summary>The largest upload accepted (InverseScaling:MaxUploadMegabytes); a larger one is refused before it is read.</summary>
    public long MaxUploadBytes => options.Value.MaxUploadMegabytes * 1024L * 1024;

    /// <param name="relativePath">A file or folder inside the data folder, relative to it (a folder imports everything recognisable in it).</param>
    public Task<ImportOutcome> ImportPathAsync(string relativePath, ImportOptions importOptions)
    {
        string? real;
        try
        {
            real = _paths.Inside(relativePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Task.FromResult(new ImportOutcome([], $"{relativePath}: {ex.Message}"));
        }

        if (real is null)
        {
            return Task.FromResult(new ImportOutcome([], $"{relativePath}: only files inside the data folder can be imported from the dashboard (links are followed)."));
        }

        var shown = _paths.Shown(real)!;
        if (Directory.Exists(real))
        {
            return ImportFolderAsync(real, shown, importOptions);
        }

        return File.Exists(real)
            ? ImportAsync(real, shown, importOptions)
            : Task.FromResult(new ImportOutcome([], $"{shown}: no such file or folder in the data folder."));
    }

    private Task<ImportOutcome> ImportFolderAsync(string folder, string shownAs, ImportOptions importOptions) => Task.Run(() =>
    {
        try
        {
            // Each file goes through ResultsImporter.Read (validated) and Store (all of its runs or none).
            var summary = folderImporter.Import(folder, importOptions);
            return new ImportOutcome(summary.Runs, null, summary, shownAs);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ImportOutcome([], $"{shownAs}: {ex.Message.Replace(folder, shownAs, StringComparison.Ordinal)}");
        }
        catch (Exception ex)
        {
            if (logger is not null)
            {
                LogFolderImportFailed(logger, ex, shownAs);
            }
            return new ImportOutcome([], $"{shownAs}: the import failed unexpectedly ({ex.GetType().Name}); the server log has the details.");
        }
    });

    /// <summary>
    /// Imports an uploaded file. It is written under its own name to a private folder first: the importers read the format
    /// from the extension and, for the official pipeline's per-model CSVs, the model from the file name. Messages and the
    /// runs' recorded source name the uploaded file, not that temporary copy.
    /// </summary>
    public async Task<ImportOutcome> ImportUploadAsync(string fileName, Stream content, ImportOptions importOptions, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(fileName);
        var folder = Directory.CreateTempSubdirectory("inverse-scaling-upload-");
        try
        {
            var path = Path.Combine(folder.FullName, name);
            await using (var file = File.Create(path))
            {
                await content.CopyToAsync(file, cancellationToken);
            }

            return await ImportAsync(path, name, importOptions);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <param name="shownAs">How messages and the runs' source name the file (the upload's own name for uploads).</param>
    private Task<ImportOutcome> ImportAsync(string path, string shownAs, ImportOptions importOptions) => Task.Run(() =>
    {
        try
        {
            var runs = importer.Read(path, importOptions)
                .Select(r => r with { Run = r.Run with { Source = r.Run.Source with { File = shownAs } } })
                .ToList();
            importer.Store(runs);
            return new ImportOutcome(runs.Select(r => r.Run).ToList(), null);
        }
        catch (ImportException ex)
        {
            return new ImportOutcome([], ex.Message.Replace(path, shownAs, StringComparison.Ordinal));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unreadable file (permissions, removed meanwhile): the page shows it like a refused file instead of failing.
            return new ImportOutcome([], $"{shownAs}: {ex.Message.Replace(path, shownAs, StringComparison.Ordinal)}");
        }
        catch (Exception ex)
        {
            // A bug, not a bad file: logged once with its trace for the maintainer; the page still answers where the
            // import was asked for, and stays usable, instead of losing its circuit.
            if (logger is not null)
            {
                LogImportFailed(logger, ex, shownAs);
            }
            return new ImportOutcome([], $"{shownAs}: the import failed unexpectedly ({ex.GetType().Name}); nothing was stored, and the server log has the details.");
        }
    });

    [LoggerMessage(Level = LogLevel.Error, Message = "Import of folder {Folder} failed")]
    private static partial void LogFolderImportFailed(ILogger logger, Exception exception, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Import of {File} failed")]
    private static partial void LogImportFailed(ILogger logger, Exception exception, string file);
}
