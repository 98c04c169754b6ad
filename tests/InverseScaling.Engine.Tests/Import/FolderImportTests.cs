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

    [Fact]
    public void A_spring_2022_pipeline_folder_reads_its_early_data_copy_and_loss_only_results_and_names_what_it_skips()
    {
        // The pipeline's first layouts: data.csv with filled_template/answer_ix, per-model index,loss files, an
        // args.log appended to by two runs, a plot, and a file of the April-2022 QA layout.
        using var dir = new TempFolder();
        dir.Write("args.log", "{\"dataset\": \"old\", \"models\": [\"gpt2\"]}{\"dataset\": \"sentiment_analysis\", \"models\": [\"ada\", \"babbage\"], \"task_type\": \"classification\"}");
        dir.Write("data.csv",
            ",filled_template,classes,answer_ix\n" +
            "0,\"Michael loves running. Sentiment:\",\"[' positive', ' negative']\",0\n" +
            "1,\"Michael hates running. Sentiment:\",\"[' positive', ' negative']\",1\n" +
            "2,\"Anna likes tea. Sentiment:\",\"[' positive', ' negative']\",0\n");
        dir.Write("ada.csv", "index,loss\n0,0.25\n1,0.75\n2,0.5\n");
        dir.Write("babbage.csv", "index,loss\n0,0.125\n1,\n2,1.5\n");
        dir.Write("curie.csv", "index,logodds,correct,total_logprob\n0,-0.38,1,-1.12\n1,-0.70,1,-1.07\n2,0.1,0,-1.0\n");
        File.WriteAllBytes(Path.Combine(dir.Path, "loss_plot.png"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00]);

        var summary = _folders.Import(dir.Path);

        var task = _store.GetDataset("sentiment_analysis")!;
        Assert.Equal(["Michael loves running. Sentiment:", "Michael hates running. Sentiment:", "Anna likes tea. Sentiment:"], task.Examples.Select(e => e.Prompt));
        Assert.Equal([0, 1, 0], task.Examples.Select(e => e.AnswerIndex));
        var runs = _store.GetRuns("sentiment_analysis").OrderBy(r => r.ModelName).ToArray();
        Assert.Equal(["ada", "babbage"], runs.Select(r => r.ModelName));
        Assert.All(runs, r => Assert.Equal(task.Sha256, r.TaskSha256));
        Assert.Equal(0.5, runs[0].Aggregate!.MeanLoss!.Value, 12);
        Assert.Null(runs[0].Aggregate!.Accuracy);
        Assert.Equal((2, 1), (runs[1].Aggregate!.Count, runs[1].Aggregate!.NotScored));
        Assert.Contains(summary.Files, f => f.Path.EndsWith("loss_plot.png", StringComparison.Ordinal) && f.Skipped == "not a results file (.png)");
        Assert.Contains(summary.Files, f => f.Path.EndsWith("curie.csv", StringComparison.Ordinal) && f.Skipped!.Contains("April-2022 \"QA\" layout"));
    }

    [Fact]
    public void A_results_folder_whose_data_copy_cannot_be_read_imports_its_results_only_under_the_args_log_task()
    {
        // lambada's copy held only a prompt column: no task file this tool reads, but the losses are still worth a curve.
        using var dir = new TempFolder();
        dir.Write("args.log", "{\"dataset\": \"lambada\", \"dataset_path\": null, \"models\": [\"gpt2\"], \"task_type\": \"lambada\"}");
        dir.Write("data.csv", ",prompt\n0,\"In my palm is a clear stone\"\n1,\"She opened the door\"\n");
        dir.Write("gpt2.csv", "index,loss\n0,4.3\n1,6.5\n");

        var summary = _folders.Import(dir.Path);

        var run = Assert.Single(_store.GetRuns());
        Assert.Equal(("lambada", null, "gpt2"), (run.TaskName, run.TaskSha256, run.ModelName));
        Assert.Equal(5.4, run.Aggregate!.MeanLoss!.Value, 12);
        Assert.Contains(summary.Files, f => f.Path.EndsWith("data.csv", StringComparison.Ordinal) && f.Skipped!.Contains("needs the columns"));
        Assert.Contains(summary.Files, f => f.Path.EndsWith("gpt2.csv", StringComparison.Ordinal) && f.ReadAs!.Contains("results only"));
    }

    [Fact]
    public void The_same_data_copy_in_two_folders_is_one_task_under_the_name_it_first_got()
    {
        // v1 and v2 are two versions named alike; v2's copy appears again in a third folder (the pipeline copies its
        // dataset into every run's folder): that third folder's runs belong to the task v2 registered.
        using var dir = new TempFolder();
        string Task(string answer) => "{\"prompt\": \"Q?\", \"classes\": \"[' a', ' b']\", \"answer_index\": " + answer + "}\n";
        foreach (var (folder, answer) in (ValueTuple<string, string>[])[("a-v1", "0"), ("b-v2", "1"), ("c-v2-again", "1")])
        {
            dir.Write($"{folder}/args.log", "{\"dataset\": \"quiz\", \"models\": [\"ada\"]}");
            dir.Write($"{folder}/data.jsonl", Task(answer));
            dir.Write($"{folder}/ada.csv", "index,loss,correct,total_logprob\n0,0.5,1,-0.1\n");
        }

        _folders.Import(dir.Path);

        Assert.Equal(["quiz", "quiz (b-v2)"], _store.GetDatasets().Select(d => d.Name).Order());
        // One run for v2: the same file and model give the same run, which the second import replaces.
        Assert.Equal(["quiz", "quiz (b-v2)"], _store.GetRuns().Select(r => r.TaskName).Order());
    }
}
