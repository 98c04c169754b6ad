using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;
using InverseScaling.Engine.Tests.Storage;

namespace InverseScaling.Engine.Tests.Import;

public sealed class LmEvalImportTests : IDisposable
{
    private const string Date = "2024-07-10T12-34-56.123456";

    private const string Barometer = @"The following are multiple choice questions (with answers) about common sense.\n\nQuestion: As the barometer reading goes lower there is not a greater chance of\nA. sunshine\nB. getting wet\nAnswer:";
    private const string Coral = @"The following are multiple choice questions (with answers) about common sense.\n\nQuestion: Coral is not a type of living organism which can be identified in\nA. saltwater locations that are open\nB. any where with liquid\nAnswer:";
    private const string Rabbit = @"The following are multiple choice questions (with answers) about common sense.\n\nQuestion: which isn't most likely to be eaten by a rabbit\nA. dandelions\nB. spiders\nAnswer:";

    private readonly TempDatabase _db = new();
    private readonly TempFolder _files = new();
    private readonly LiteDbResultsStore _store;
    private readonly ResultsImporter _importer;

    public LmEvalImportTests()
    {
        _store = _db.Open();
        _importer = new ResultsImporter(_store);
    }

    public void Dispose()
    {
        _db.Dispose();
        _files.Dispose();
    }

    private static ImportOptions Options => new() { Datasets = ImportFixtures.All };

    /// <summary>
    /// Three NeQA documents as lm-eval 0.4 logs them with --log_samples (stringified log-likelihoods in resps and
    /// filtered_resps). NeQA rows 2, 0 and 7, out of order; the last one's doc_id (99) is wrong on purpose:
    /// examples are matched by content.
    /// </summary>
    private static string SamplesFile(string coralPrompt = Coral, string rabbitAcc = "0.0") =>
        Line(2, coralPrompt, 1, "-2.5", "-0.75", "1.0") + "\n" +
        Line(0, Barometer, 0, "-1.25", "-0.5", "0.0") + "\n" +
        Line(99, Rabbit, 1, "-3.0", "-3.5", rabbitAcc) + "\n";

    private static string Line(int docId, string prompt, int answer, string llA, string llB, string acc) =>
        $$$"""{"doc_id": {{{docId}}}, "doc": {"prompt": "{{{prompt}}}", "classes": [" A", " B"], "answer_index": {{{answer}}}, "round": 1, "part": 1}, "target": "{{{answer}}}", "arguments": {"gen_args_0": {"arg_0": "{{{prompt}}}", "arg_1": " A"}, "gen_args_1": {"arg_0": "{{{prompt}}}", "arg_1": " B"}}, "resps": [[["{{{llA}}}", "False"]], [["{{{llB}}}", "False"]]], "filtered_resps": [["{{{llA}}}", "False"], ["{{{llB}}}", "False"]], "filter": "none", "metrics": ["acc", "acc_norm"], "doc_hash": "0f1e", "prompt_hash": "a2b3", "target_hash": "c4d5", "acc": {{{acc}}}, "acc_norm": {{{acc}}}}""";

    private const string ResultsFile = """
        {
          "results": {
            "inverse_scaling_neqa": {"alias": "inverse_scaling_neqa", "acc,none": 0.3333333333333333, "acc_stderr,none": 0.3333333333333333, "acc_norm,none": 0.3333333333333333, "acc_norm_stderr,none": 0.3333333333333333}
          },
          "group_subtasks": {"inverse_scaling_neqa": []},
          "versions": {"inverse_scaling_neqa": 0},
          "n-shot": {"inverse_scaling_neqa": 0},
          "higher_is_better": {"inverse_scaling_neqa": {"acc": true, "acc_norm": true}},
          "n-samples": {"inverse_scaling_neqa": {"original": 300, "effective": 3}},
          "config": {"model": "hf", "model_args": "pretrained=EleutherAI/pythia-160m,dtype=float32", "model_num_parameters": 162322944, "model_dtype": "torch.float32", "model_revision": "main", "batch_size": "1", "limit": 3.0},
          "git_hash": "4e7e0d4",
          "date": 1720614896.0,
          "model_name": "EleutherAI/pythia-160m",
          "model_name_sanitized": "EleutherAI__pythia-160m"
        }
        """;

    /// <summary>The Prize loss by hand: −log softmax over the two classes at the answer.</summary>
    private static double HandLoss(double a, double b, int answer) => -(answer == 0 ? a : b) + Math.Log(Math.Exp(a) + Math.Exp(b));

    [Fact]
    public void Samples_import_recomputes_the_Prize_loss_from_the_logged_log_likelihoods()
    {
        _files.Write($"EleutherAI__pythia-160m/results_{Date}.json", ResultsFile);
        var path = _files.Write($"EleutherAI__pythia-160m/samples_inverse_scaling_neqa_{Date}.jsonl", SamplesFile());

        var run = Assert.Single(_importer.Import(path, Options));

        Assert.Equal(("NeQA", "pythia-160m", "Pythia", 162_322_944L), (run.TaskName, run.ModelName, run.Family, run.Parameters!.Value));
        Assert.Equal((300, 3), (run.Total, run.Completed));
        Assert.Equal(LmEvalSamplesImporter.Format, run.Source.Format);
        Assert.True(run.Source.HasPerExampleResults);
        Assert.Contains("3 of the 300", run.Source.Note);
        var rows = _store.GetResults(run.Id);
        Assert.Equal([0, 2, 7], rows.Select(r => r.Index));
        double[] expected = [HandLoss(-1.25, -0.5, 0), HandLoss(-2.5, -0.75, 1), HandLoss(-3.0, -3.5, 1)];
        Assert.Equal(expected[0], rows[0].Loss, 12);
        Assert.Equal(expected[1], rows[1].Loss, 12);
        Assert.Equal(expected[2], rows[2].Loss, 12);
        Assert.Equal([-2.5, -0.75], rows[1].ClassLogprobs);
        Assert.Equal([false, true, false], rows.Select(r => r.Correct));
        Assert.Equal([1, 1, 0], rows.Select(r => r.Predicted));
        Assert.Equal(Math.Log(Math.Exp(-3.0) + Math.Exp(-3.5)), rows[2].TotalLogprob, 12);
        Assert.Equal(expected.Average(), run.Aggregate!.MeanLoss!.Value, 12);
        Assert.Equal(1 / 3.0, run.Aggregate.Accuracy!.Value, 15);
        Assert.Equal(1 / 3.0, run.Aggregate.AccuracyNorm!.Value, 15);
    }

    [Fact]
    public void A_sample_whose_document_is_not_in_the_dataset_is_refused_with_its_line()
    {
        _files.Write($"EleutherAI__pythia-160m/results_{Date}.json", ResultsFile);
        var path = _files.Write($"EleutherAI__pythia-160m/samples_inverse_scaling_neqa_{Date}.jsonl", SamplesFile(coralPrompt: Coral.Replace("Coral", "Sand")));

        var ex = Assert.Throws<ImportException>(() => _importer.Import(path, Options));

        Assert.Equal(1, ex.Line);
        Assert.Contains(path, ex.Message);
        Assert.Contains("not an example of NeQA", ex.Message);
        Assert.Empty(_store.GetRuns());
    }

    [Fact]
    public void A_sample_whose_accuracy_contradicts_the_datasets_answer_is_refused()
    {
        _files.Write($"EleutherAI__pythia-160m/results_{Date}.json", ResultsFile);
        var path = _files.Write($"EleutherAI__pythia-160m/samples_inverse_scaling_neqa_{Date}.jsonl", SamplesFile(rabbitAcc: "1.0"));

        var ex = Assert.Throws<ImportException>(() => _importer.Import(path, Options));

        Assert.Equal(3, ex.Line);
        Assert.Contains("disagrees with the answer of example 7", ex.Message);
        Assert.Empty(_store.GetRuns());
    }

    [Fact]
    public void Samples_without_a_results_file_need_the_model_named()
    {
        var path = _files.Write($"samples_inverse_scaling_neqa_{Date}.jsonl", SamplesFile());

        Assert.Contains("--model", Assert.Throws<ImportException>(() => _importer.Import(path, Options)).Message);
        var run = _importer.Import(path, Options with { ModelName = "gpt2-medium" })[0];
        Assert.Equal(("gpt2-medium", "GPT-2", 355_000_000L), (run.ModelName, run.Family, run.Parameters!.Value));
    }

    [Fact]
    public void Results_json_imports_an_aggregate_only_run_with_the_model_from_its_config()
    {
        var path = _files.Write($"results_{Date}.json", ResultsFile);

        var run = Assert.Single(_importer.Import(path, Options));

        Assert.Equal(("NeQA", "pythia-160m", 162_322_944L), (run.TaskName, run.ModelName, run.Parameters!.Value));
        Assert.Equal(LmEvalResultsImporter.Format, run.Source.Format);
        Assert.False(run.Source.HasPerExampleResults);
        Assert.Equal(3, run.Aggregate!.Count);
        Assert.Equal(0.3333333333333333, run.Aggregate.Accuracy);
        Assert.Null(run.Aggregate.MeanLoss);
        Assert.Empty(_store.GetResults(run.Id));
    }

    [Fact]
    public void V03_result_json_gives_one_run_per_Prize_task_with_checkpoint_and_caveat()
    {
        var runs = _importer.Import(ImportFixtures.PythiaJson("pythia-70m_step143000"), Options);

        Assert.Equal(10, runs.Count);
        Assert.Equal(
            ["Hindsight Neglect", "Into the Unknown", "Memo Trap", "Modus Tollens", "NeQA", "Pattern Matching Suppression", "Redefine", "Repetitive Algebra", "Resisting Correction", "Sig Figs"],
            runs.Select(r => r.TaskName).Order(StringComparer.Ordinal));
        Assert.All(runs, r =>
        {
            Assert.Equal(("pythia-70m@step143000", "Pythia", 70_000_000L, 143_000L), (r.ModelName, r.Family, r.Parameters!.Value, r.TrainingStep!.Value));
            Assert.Equal(LmEvalResultsImporter.FormatV03, r.Source.Format);
            Assert.Contains("two leading spaces", r.Source.Note);
            Assert.False(r.Source.HasPerExampleResults);
        });
        var memo = runs.Single(r => r.TaskName == "Memo Trap");
        Assert.Equal((936, 0.8728632478632479, 0.7275641025641025), (memo.Aggregate!.Count, memo.Aggregate.Accuracy!.Value, memo.Aggregate.AccuracyNorm!.Value));
        Assert.Equal(0.010894388409447512, memo.Aggregate.AccuracySem);
        Assert.Equal(ImportFixtures.MemoTrap.Sha256, memo.TaskSha256);
        Assert.Equal(20_897, runs.Single(r => r.TaskName == "Sig Figs").Aggregate!.Count);
    }

    [Fact]
    public void Aggregate_tables_import_one_run_per_row_with_its_source_url()
    {
        var runs = _importer.Import(ImportFixtures.OptTable, Options);

        Assert.Equal(13, runs.Count);
        var neqa = runs.Where(r => r.TaskName == "NeQA").ToArray();
        Assert.Equal(8, neqa.Length);
        Assert.All(neqa, r => Assert.Equal(ImportFixtures.Neqa.Sha256, r.TaskSha256));
        var small = neqa.Single(r => r.ModelName == "opt-125m");
        Assert.Equal(("OPT", 125_000_000L), (small.Family, small.Parameters!.Value));
        Assert.Equal((300, 0.4666666666666667, 0.9069941281403104), (small.Aggregate!.Count, small.Aggregate.Accuracy!.Value, small.Aggregate.MeanLoss!.Value));
        Assert.Equal("https://huggingface.co/inverse-scaling/opt-125m_eval/commit/2a02b1f023d41adff056b42094b39a3b2c7d977c", small.Source.Url);
        Assert.Contains("round-1", small.Source.Note);
        Assert.Equal(2, runs.Count(r => r.TaskName == "Hindsight Neglect"));
        Assert.Equal(3, runs.Count(r => r.TaskName == "Quote Repetition (round 1)" && r.TaskSha256 is null));
    }

    [Theory]
    [InlineData("notes.txt", "hello", "unknown results format")]
    [InlineData("results.json", """{"versions": {}}""", "not an lm-evaluation-harness results file")]
    [InlineData("results.json", """{"results": """, "not valid JSON")]
    [InlineData("task.jsonl", """{"prompt": "Q", "classes": "[' A', ' B']", "answer_index": 0}""", "not an lm-evaluation-harness samples file")]
    [InlineData("table.csv", "prompt,classes,answer_index\nQ,\"[' A']\",0\n", "are not a known results format")]
    [InlineData("empty.csv", "", "the file is empty")]
    public void Files_in_no_known_format_are_refused_by_name(string name, string content, string reason)
    {
        var path = _files.Write(name, content);

        var ex = Assert.Throws<ImportException>(() => _importer.Import(path, Options));

        Assert.StartsWith(path, ex.Message);
        Assert.Contains(reason, ex.Message);
        Assert.Empty(_store.GetRuns());
    }
}
