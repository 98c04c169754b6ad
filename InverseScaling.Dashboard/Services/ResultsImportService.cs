using InverseScaling.Engine;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;
using Microsoft.Extensions.Options;

namespace InverseScaling.Dashboard.Services;

/// <summary>
/// Outcome of an import from the Runs page: the runs stored, or the importer's message saying which file and why not;
/// for a folder, also what each file was read as and which were skipped and why.
/// </summary>
public sealed record ImportOutcome(IReadOnlyList<RunRecord> Runs, string? Error, FolderImportSummary? Folder = null)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Imports results files from the dashboard through the engine's <see cref="ResultsImporter"/>, off the UI thread. Paths
/// typed in the browser are confined to the configured data folder, so the page cannot be used to read arbitrary files.
/// </summary>
public sealed class ResultsImportService(ResultsImporter importer, FolderImporter folderImporter, IOptions<EngineOptions> options)
{
    public string DataFolder => Path.GetFullPath(options.Value.DataFolder);

    /// <param name="relativeOrFullPath">A file or folder inside <see cref="DataFolder"/> (a folder imports everything recognisable in it).</param>
    public Task<ImportOutcome> ImportPathAsync(string relativeOrFullPath, ImportOptions importOptions)
    {
        var full = DataFolderPaths.Resolve(DataFolder, relativeOrFullPath);
        if (full is null)
        {
            return Task.FromResult(new ImportOutcome([], $"{relativeOrFullPath}: only files inside the data folder {DataFolder} can be imported from the dashboard."));
        }

        if (Directory.Exists(full))
        {
            return Task.Run(() =>
            {
                var summary = folderImporter.Import(full, importOptions);
                return new ImportOutcome(summary.Runs, null, summary);
            });
        }

        if (!File.Exists(full))
        {
            return Task.FromResult(new ImportOutcome([], $"{full}: no such file or folder."));
        }

        return ImportAsync(full, full, importOptions);
    }

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
    });
}
