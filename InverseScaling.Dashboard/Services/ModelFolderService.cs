using InverseScaling.Engine;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Storage;
using Microsoft.Extensions.Options;

namespace InverseScaling.Dashboard.Services;

/// <summary>Outcome of adding a model folder from the Runs page: the models registered, or why the folder was refused.</summary>
public sealed record ModelFolderOutcome(IReadOnlyList<ModelDescriptor> Models, string? Error);

/// <summary>
/// Registers a model folder (or a folder of model folders: a family) typed on the Runs page, off the UI thread. The
/// folder must lie inside the data folder.
/// </summary>
public sealed class ModelFolderService(IResultsStore store, IOptions<EngineOptions> options)
{
    public string DataFolder => Path.GetFullPath(options.Value.DataFolder);

    /// <summary>The registered models (bundled ones included), by family, then size: the order the Runs page offers them in.</summary>
    public IReadOnlyList<ModelDescriptor> Models() =>
        store.GetModels().OrderBy(m => m.Manifest.Family).ThenBy(m => m.Manifest.Parameters).ToList();

    public Task<ModelFolderOutcome> AddAsync(string relativeOrFullPath) => Task.Run(() =>
    {
        var full = new DataFolderPaths(DataFolder).Inside(relativeOrFullPath);
        if (full is null)
        {
            return new ModelFolderOutcome([], $"{relativeOrFullPath}: only folders inside the data folder can be added from the dashboard (links are followed).");
        }

        try
        {
            var models = ModelFolder.LoadModelOrFamily(full);
            ModelRegistration.Save(store, models);
            return new ModelFolderOutcome(models, null);
        }
        catch (ModelFormatException ex)
        {
            return new ModelFolderOutcome([], ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ModelFolderOutcome([], $"{relativeOrFullPath}: {ex.Message.Replace(full, relativeOrFullPath, StringComparison.Ordinal)}");
        }
    });
}
