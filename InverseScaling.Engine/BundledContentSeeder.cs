using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InverseScaling.Engine;

/// <summary>
/// On start, registers the embedded default in the store — the official datasets, the shipped model family, the model
/// folders named in appsettings.json, and the published results — so a new user sees real curves and has something to
/// score without any action. Idempotent: what is already stored is left alone, and a published run the user deleted
/// is not brought back. A broken file is logged with its reason and skipped; it never stops the dashboard.
/// </summary>
public sealed partial class BundledContentSeeder(
    IResultsStore store,
    IOptions<EngineOptions> options,
    ILogger<BundledContentSeeder> logger) : IHostedService
{

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SeedBundledContent)
        {
            SeedDatasets(cancellationToken);
            SeedModels(ModelFolder.LoadAll(BundledContent.Models));
            SeedPublishedResults(cancellationToken);
        }

        foreach (var folder in options.Value.ModelFolders)
        {
            SeedModels(TryLoad(folder));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void SeedDatasets(CancellationToken cancellationToken)
    {
        var files = Directory.Exists(BundledContent.Datasets) ? Directory.GetFiles(BundledContent.Datasets, "*.jsonl") : [];
        var known = store.GetDatasets().Select(d => d.Sha256).ToHashSet(StringComparer.Ordinal);
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var dataset = TaskFileReader.Read(file);
                if (known.Add(dataset.Sha256))
                {
                    store.SaveDataset(dataset);
                }
            }
            catch (DatasetFormatException ex)
            {
                LogSkipped(file, ex.Message);
            }
        }
    }

    private void SeedModels(IEnumerable<ModelDescriptor> models)
    {
        var known = store.GetModels().Select(m => m.ContentHash).ToHashSet(StringComparer.Ordinal);
        foreach (var model in models.Where(m => known.Add(m.ContentHash)))
        {
            store.SaveModel(model);
        }
    }

    private IReadOnlyList<ModelDescriptor> TryLoad(string folder)
    {
        try
        {
            // A configured folder is either one model or a folder of models.
            return ModelFolder.LoadModelOrFamily(folder);
        }
        catch (ModelFormatException ex)
        {
            LogSkipped(folder, ex.Message);
            return [];
        }
    }

    private void SeedPublishedResults(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(BundledContent.Results))
        {
            return;
        }

        try
        {
            // A bundled run the user deleted stays deleted: seeding runs at every start.
            var report = PublishedResults.Import(store, BundledContent.Results, store.GetDataset, keepDeletions: true, cancellationToken);
            LogPublished(report.Imported.Count, report.AlreadyPresent, report.LeftOutAsDeleted);
            foreach (var reason in report.Skipped)
            {
                LogSkipped(BundledContent.Results, reason);
            }
        }
        catch (ImportException ex)
        {
            LogSkipped(BundledContent.Results, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Path}: {Reason}")]
    private partial void LogSkipped(string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published results: {Imported} runs imported, {Present} already present, {Deleted} left out as deleted by the user")]
    private partial void LogPublished(int imported, int present, int deleted);
}
