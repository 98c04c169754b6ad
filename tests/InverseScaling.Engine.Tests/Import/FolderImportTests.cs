using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;
using InverseScaling.Engine.Tests.Storage;
using static InverseScaling.Engine.Tests.Import.ImportFixtureFiles;

namespace InverseScaling.Engine.Tests.Import;

/// <summary>Whole folders: an lm-eval output tree and a Prize pipeline results folder, with what each file was read as.</summary>
public sealed class FolderImportTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly LiteDbResultsStore _store;
    private readonly FolderImporter _folders;

    public FolderImportTests()
    {
        _store = _db.Open();
        _folders = new FolderImporter(_store, new ResultsImporter(_store));
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public void An_lm_eval_tree_imports_the_samples_and_leaves_the_same_runs_aggregates_to_them()
    {
        var summary = _folders.Import(LmEval("v0.4"));

        var run = Assert.Single(_store.GetRuns());
        Assert.Equal(("synthetic_mc", "tiny-lm-70m", true), (run.TaskName, run.ModelName, run.Source.HasPerExampleResults));
        var samples = Assert.Single(summary.Files, f => f.Path.EndsWith(".jsonl", StringComparison.Ordinal));
        Assert.Contains("lm-eval samples, task synthetic_mc (built from the samples)", samples.ReadAs);
        var results = Assert.Single(summary.Files, f => f.Path.EndsWith(".json", StringComparison.Ordinal));
        Assert.Contains("imported per example from its samples", results.Skipped);
    }

    [Fact]
    public void A_pipeline_folder_registers_its_data_copy_under_the_args_log_task_and_skips_its_bookkeeping()
    {
        var summary = _folders.Import(Pipeline("folder"));

        Assert.Equal(4, _store.GetDataset("tiny_task")!.Examples.Count);
        Assert.Null(_store.GetDataset("data"));
        Assert.Equal(["ada", "babbage"], _store.GetRuns("tiny_task").Select(r => r.ModelName).Order());
        Assert.Equal(3, summary.Skipped);
        Assert.Contains(summary.Files, f => f.Path.EndsWith("labelled_data.jsonl", StringComparison.Ordinal) && f.Skipped!.Contains("merge"));
        Assert.Contains(summary.Files, f => f.Path.EndsWith("data.jsonl", StringComparison.Ordinal) && f.ReadAs!.Contains("registered as task tiny_task"));
    }

    [Fact]
    public void A_pipeline_folder_without_its_dataset_imports_its_results_only()
    {
        using var dir = new TempFolder();
        foreach (var name in (string[])["args.log", "ada.csv", "babbage.csv"])
        {
            dir.Copy(Pipeline("folder", name), name);
        }

        var summary = _folders.Import(dir.Path);

        Assert.Equal(2, summary.Runs.Count);
        Assert.All(summary.Runs, r => Assert.Equal(("tiny_task", null), (r.TaskName, r.TaskSha256)));
        Assert.All(summary.Runs, r => Assert.Equal(4, _store.GetResults(r.Id).Count));
    }

    [Fact]
    public void A_file_with_an_impossible_value_is_skipped_by_the_validator_and_nothing_of_it_is_stored()
    {
        using var dir = new TempFolder();
        foreach (var name in (string[])["args.log", "data.jsonl", "ada.csv"])
        {
            dir.Copy(Pipeline("folder", name), name);
        }

        // babbage's second row has a negative loss: ImportedValues refuses it, as for a file imported alone.
        var lines = File.ReadAllLines(Pipeline("folder", "babbage.csv"));
        var cells = lines[2].Split(',');
        cells[1] = "-3.5";
        lines[2] = string.Join(',', cells);
        File.WriteAllLines(Path.Combine(dir.Path, "babbage.csv"), lines);

        var summary = _folders.Import(dir.Path);

        var babbage = Assert.Single(summary.Files, f => f.Path.EndsWith("babbage.csv", StringComparison.Ordinal));
        Assert.Contains("loss -3.5 is negative", babbage.Skipped);
        Assert.Equal(["ada"], _store.GetRuns("tiny_task").Select(r => r.ModelName));
    }
}
