using InverseScaling.Engine.Data;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Engine.Import;

/// <summary>What <see cref="PublishedResults.Import"/> did.</summary>
/// <param name="Imported">Runs added by this call.</param>
/// <param name="AlreadyPresent">Runs found in the store already (left as they are).</param>
/// <param name="Skipped">Files not imported, each with the reason (e.g. their dataset is not loaded).</param>
/// <param name="LeftOutAsDeleted">Runs not imported because the user deleted them (see <see cref="IResultsStore.GetDeletedRunIds"/>).</param>
internal sealed record PublishedResultsReport(IReadOnlyList<RunRecord> Imported, int AlreadyPresent, IReadOnlyList<string> Skipped, int LeftOutAsDeleted = 0);

/// <summary>
/// The published inverse-scaling results shipped in <c>Bundled/results</c> (see its SOURCES.md): NeQA × GPT-3 per
/// example, the OPT autoevaluator table, and the Pythia size × checkpoint grid. Imported on first start so the
/// dashboard has real curves before anything is scored; importing again adds only what is missing.
/// </summary>
internal static class PublishedResults
{
    private const string NeqaUrl =
        "https://github.com/yuhui-zh15/InverseScaling/tree/effe51c49b42424a1f7b5715d9fe7204a1565aef/eval_pipeline/results/final_first_round";

    private const string PythiaUrl =
        "https://github.com/jmichaelov/emergent-inabilities/tree/eb36a6c85b852601f283c4a045221b44373fb987/results";

    public static Task<PublishedResultsReport> ImportAsync(
        IResultsStore store,
        string bundledFolder,
        Func<string, TaskDataset?> datasetByName,
        CancellationToken cancellationToken = default) =>
        Task.Run(() => Import(store, bundledFolder, datasetByName, cancellationToken: cancellationToken), cancellationToken);

    /// <param name="store">The results store.</param>
    /// <param name="bundledFolder">Usually <see cref="BundledContent.Results"/>.</param>
    /// <param name="datasetByName">The loaded dataset with an official display name ("NeQA"), or null.</param>
    /// <param name="keepDeletions">
    /// Leave out the runs the user deleted from this database (the seeding at every start); false puts them back.
    /// </param>
    /// <param name="cancellationToken">Checked between files.</param>
    public static PublishedResultsReport Import(
        IResultsStore store,
        string bundledFolder,
        Func<string, TaskDataset?> datasetByName,
        bool keepDeletions = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(bundledFolder);
        ArgumentNullException.ThrowIfNull(datasetByName);
        if (!Directory.Exists(bundledFolder))
        {
            throw new DirectoryNotFoundException($"The bundled results folder {bundledFolder} does not exist.");
        }

        var datasets = OfficialTasks.All.Select(t => datasetByName(t.Name)).OfType<TaskDataset>().ToArray();
        var importer = new ResultsImporter(store);
        var imported = new List<RunRecord>();
        var present = 0;
        var leftOut = 0;
        var deleted = keepDeletions ? store.GetDeletedRunIds() : new HashSet<string>();
        var skipped = new List<string>();

        void ImportFiles(string folder, string pattern, Func<string, ImportOptions?> optionsFor)
        {
            var directory = Path.Combine(bundledFolder, folder);
            var files = Directory.Exists(directory) ? Directory.GetFiles(directory, pattern) : [];
            foreach (var file in files.Order(StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (optionsFor(file) is not { } options)
                {
                    continue;
                }

                var runs = importer.Read(file, options);
                var wanted = runs.Where(r => !deleted.Contains(r.Run.Id)).ToArray();
                var missing = wanted.Where(r => store.GetRun(r.Run.Id) is null).ToArray();
                leftOut += runs.Count - wanted.Length;
                present += wanted.Length - missing.Length;
                importer.Store(missing);
                imported.AddRange(missing.Select(r => store.GetRun(r.Run.Id)!));
            }
        }

        var neqa = datasetByName("NeQA");
        ImportFiles("neqa-gpt3", "*.csv", file =>
        {
            if (neqa is null)
            {
                skipped.Add($"{file}: the NeQA dataset is not loaded, so its per-example results cannot be matched");
                return null;
            }

            return new ImportOptions { TaskName = neqa.Name, Datasets = [neqa], SourceUrl = NeqaUrl };
        });
        ImportFiles("hf-autoeval-opt", "*.csv", _ => new ImportOptions { Datasets = datasets });
        ImportFiles("emergent-inabilities", "*.json", _ => new ImportOptions { Datasets = datasets, SourceUrl = PythiaUrl });
        return new PublishedResultsReport(imported, present, skipped, leftOut);
    }
}
