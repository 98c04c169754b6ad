using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Model;

/// <summary>One model's per-example results, aligned with the task's rows (null where the run has no result yet).</summary>
public sealed class ModelColumn
{
    public ModelColumn(RunRecord run, ExampleResult?[] results)
    {
        Run = run;
        Results = results;
    }

    public RunRecord Run { get; }

    public string Name => Run.ModelName;

    /// <summary>Indexed by row position in <see cref="TaskResults.Dataset"/>.</summary>
    public ExampleResult?[] Results { get; }

    public double Loss(int row) => Results[row]?.Loss ?? double.NaN;

    /// <summary>
    /// Null where there is no result, the model could not score the example, or the run does not know correctness at
    /// all (a sequence task, or results imported from a loss-only file: see <see cref="CorrectnessKnown"/>).
    /// </summary>
    public bool? Correct(int row) => CorrectnessKnown(Run) && Results[row] is { Scored: true } result ? result.Correct : null;

    /// <summary>False for a run whose aggregates have examples but no accuracy: its per-example correct flags mean nothing.</summary>
    public static bool CorrectnessKnown(RunRecord run) => run.Aggregate is not { Accuracy: null, Count: > 0 };

    /// <summary>Why the model could not score the row's example (null when it did, or has no result yet).</summary>
    public string? NotScoredReason(int row) => Results[row]?.NotScoredReason;
}

/// <summary>
/// A task's examples (as scored: with their k demonstrations when <see cref="Shots"/> &gt; 0) joined with every
/// per-example run of one k-shot setting: the table behind the examples grid,
/// the example page and the scatter. Built once per task and cached (<see cref="Services.ResultsCatalog"/>), so
/// paging, sorting and filtering 20k rows × 8 models is array work, not store queries.
/// </summary>
public sealed class TaskResults
{
    /// <param name="dataset">The examples as the runs scored them: for k-shot runs, <see cref="FewShotBuilder"/>'s prompts.</param>
    /// <param name="configuredColumns">The regex columns from appsettings.json ("MetadataColumns"), added to every task.</param>
    /// <param name="seed">The demonstrations' seed (k-shot only).</param>
    /// <param name="taskFile">The task as stored (zero-shot), when <paramref name="dataset"/> is its k-shot variant.</param>
    public TaskResults(
        TaskDataset dataset, int shots, IReadOnlyList<ModelColumn> models, IReadOnlyList<RegexColumn>? configuredColumns = null, int seed = 0,
        TaskDataset? taskFile = null)
    {
        Dataset = dataset;
        TaskFile = taskFile ?? dataset;
        Shots = shots;
        Seed = seed;
        Models = models;
        ConfiguredColumns = configuredColumns ?? [];
        Metadata = MetadataTable.For(dataset, ConfiguredColumns);
    }

    public TaskDataset Dataset { get; }

    /// <summary>The task file itself: its origin (official, user, generated) and each example's own zero-shot prompt.</summary>
    public TaskDataset TaskFile { get; }

    /// <summary>Where the example's own prompt starts in its k-shot prompt (0 without demonstrations).</summary>
    public int OwnPromptStart(int row)
    {
        var prompt = Dataset.Examples[row].Prompt;
        var own = TaskFile.Examples[row].Prompt;
        return ReferenceEquals(Dataset, TaskFile) || !prompt.EndsWith(own, StringComparison.Ordinal) ? 0 : prompt.Length - own.Length;
    }

    public int Shots { get; }

    /// <summary>Seed that drew the demonstrations of a k-shot table (0 for zero-shot).</summary>
    public int Seed { get; }

    /// <summary>Ordered by family, size, training step.</summary>
    public IReadOnlyList<ModelColumn> Models { get; }

    public IReadOnlyList<RegexColumn> ConfiguredColumns { get; }

    /// <summary>The dataset's metadata columns with the built-in and configured ones (the URL's regex columns are added per view).</summary>
    public MetadataTable Metadata { get; }

    /// <summary>The metadata with the user's regex columns from the URL added to the configured ones.</summary>
    public MetadataTable MetadataWith(IReadOnlyList<RegexColumn> userColumns) =>
        userColumns.Count == 0 ? Metadata : MetadataTable.For(Dataset, [.. ConfiguredColumns, .. userColumns]);

    public int RowCount => Dataset.Examples.Count;

    public ModelColumn? Model(string? name) =>
        Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    /// <summary>Row position of the example with this <see cref="TaskExample.Index"/>, or −1.</summary>
    public int RowOf(int exampleIndex)
    {
        var examples = Dataset.Examples;
        // Rows are normally stored in index order, so the position is the index; fall back to a search otherwise.
        if ((uint)exampleIndex < (uint)examples.Count && examples[exampleIndex].Index == exampleIndex)
        {
            return exampleIndex;
        }

        for (var i = 0; i < examples.Count; i++)
        {
            if (examples[i].Index == exampleIndex)
            {
                return i;
            }
        }

        return -1;
    }

    public static TaskResults Build(
        TaskDataset dataset,
        int shots,
        IEnumerable<(RunRecord Run, IReadOnlyList<ExampleResult> Results)> runs,
        IReadOnlyList<RegexColumn>? configuredColumns = null,
        int seed = 0,
        TaskDataset? taskFile = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var rowOfIndex = new Dictionary<int, int>(dataset.Examples.Count);
        for (var i = 0; i < dataset.Examples.Count; i++)
        {
            rowOfIndex[dataset.Examples[i].Index] = i;
        }

        var columns = new List<ModelColumn>();
        foreach (var (run, results) in runs)
        {
            var aligned = new ExampleResult?[dataset.Examples.Count];
            foreach (var result in results)
            {
                if (rowOfIndex.TryGetValue(result.Index, out var row))
                {
                    aligned[row] = result;
                }
            }

            columns.Add(new ModelColumn(run, aligned));
        }

        return new TaskResults(dataset, shots, columns, configuredColumns, seed, taskFile);
    }
}
