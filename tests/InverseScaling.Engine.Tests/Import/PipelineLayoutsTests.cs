using System.Text.RegularExpressions;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;
using InverseScaling.Engine.Tests.Storage;
using static InverseScaling.Engine.Tests.Import.ImportFixtureFiles;

namespace InverseScaling.Engine.Tests.Import;

/// <summary>Every layout of the Prize pipeline's per-model CSVs, from small files written in each exact format.</summary>
public sealed class PipelineLayoutsTests : IDisposable
{
    private static readonly int[] Answers = [0, 2, 1, 0];

    private readonly TempDatabase _db = new();
    private readonly LiteDbResultsStore _store;
    private readonly ResultsImporter _importer;
    private readonly TaskDataset _task = TinyTask;

    public PipelineLayoutsTests()
    {
        _store = _db.Open();
        _importer = new ResultsImporter(_store);
    }

    public void Dispose() => _db.Dispose();

    private ImportOptions Options => new() { Datasets = [_task] };

    [Fact]
    public void The_final_layout_keeps_the_files_numbers_and_maps_predicted_to_the_class_index()
    {
        var imported = _importer.Read(Pipeline("final", "ada.csv"), Options).Single();

        Assert.Equal(("tiny_task", "ada", "GPT-3", 350_000_000L), (imported.Run.TaskName, imported.Run.ModelName, imported.Run.Family, imported.Run.Parameters!.Value));
        var ada = ClassLogprobs["ada"];
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HandLoss(ada[i], Answers[i]), imported.Results[i].Loss, 1e-12);
            Assert.Equal(HandTotal(ada[i]), imported.Results[i].TotalLogprob, 1e-12);
        }

        Assert.Equal([1, 2, 0, 0], imported.Results.Select(r => r.Predicted));
        Assert.Equal([false, true, false, true], imported.Results.Select(r => r.Correct));
        Assert.Equal(0.5, imported.Run.Aggregate!.Accuracy);
        Assert.Null(imported.Run.Aggregate.AccuracyNorm);
        Assert.Contains("final layout", imported.ReadAs);
    }

    [Fact]
    public void The_probs_layout_with_CRLF_endings_gives_per_class_log_probs_whose_loss_is_the_files_own()
    {
        var run = _importer.Import(Pipeline("probs", "babbage (1).csv"), Options).Single();

        Assert.Equal(("babbage", 1_300_000_000L), (run.ModelName, run.Parameters!.Value));
        var results = _store.GetResults(run.Id);
        var babbage = ClassLogprobs["babbage"];
        for (var i = 0; i < 4; i++)
        {
            // The file holds class-renormalised probabilities; the raw log-probs come back through total_logprob.
            Assert.Equal(babbage[i], results[i].ClassLogprobs.ToArray(), new ToleranceComparer(1e-12));
            Assert.Equal(results[i].Loss, PrizeMetrics.Classify(results[i].ClassLogprobs, Answers[i]).Loss, 1e-12);
        }

        Assert.NotNull(run.Aggregate!.AccuracyNorm);
    }

    [Fact]
    public void Probs_written_as_a_numpy_array_repr_read_as_the_same_list()
    {
        // A column that held numpy arrays when pandas wrote the CSV reads "[0.73 0.27]": spaces, no commas.
        using var dir = new TempFolder();
        var lines = File.ReadAllLines(Pipeline("probs", "babbage (1).csv"));
        var numpy = lines.Skip(1).Select(line => Regex.Replace(line, "\"\\[(.*)\\]\"$", m => "\"[" + m.Groups[1].Value.Replace(", ", "  ") + "]\""));
        var path = dir.Write("babbage.csv", string.Join("\n", [lines[0], .. numpy]) + "\n");

        var run = _importer.Import(path, Options).Single();

        var results = _store.GetResults(run.Id);
        Assert.Contains("  ", File.ReadAllLines(path)[1]);
        Assert.Equal(ClassLogprobs["babbage"][0], results[0].ClassLogprobs.ToArray(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void The_June_2022_layout_infers_the_prediction_where_correct_decides_it()
    {
        var imported = _importer.Read(Pipeline("june-2022", "text-curie-001-results.csv"), Options).Single();

        // text-*-001 take the base models' sizes in the Prize's table; the file name loses its "-results".
        Assert.Equal(("text-curie-001", 6_700_000_000L), (imported.Run.ModelName, imported.Run.Parameters!.Value));
        Assert.Equal([1, 2, 0, 0], imported.Results.Select(r => r.Predicted));
        Assert.Equal(0.5, imported.Run.Aggregate!.Accuracy);
        Assert.Contains("June-2022", imported.ReadAs);
    }

    [Fact]
    public void The_round_1_layout_keeps_partial_credit_through_the_store()
    {
        var run = _importer.Import(Pipeline("round-1", "davinci.csv"), Options).Single();

        var results = _store.GetResults(run.Id);
        var babbage = ClassLogprobs["babbage"];
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(Math.Exp(-HandLoss(babbage[i], Answers[i])), results[i].PartialCredit!.Value, 1e-12);
        }
    }

    [Fact]
    public void A_number_written_as_a_one_element_tuple_reads_as_the_number()
    {
        var imported = _importer.Read(Pipeline("tuple", "ada.csv"), Options).Single();

        Assert.Equal(ClassLogprobs["ada"].Select(HandTotal), imported.Results.Select(r => r.TotalLogprob), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void This_tools_own_export_adds_logprob_columns_that_are_read_as_the_class_log_probs()
    {
        using var dir = new TempFolder();
        // As `score --out` writes it: the final layout, then logprob_N per class, empty where a row has fewer classes.
        var lines = File.ReadAllLines(Pipeline("final", "ada.csv"));
        var ada = ClassLogprobs["ada"];
        var withLogprobs = lines.Skip(1).Select((line, i) =>
            line + "," + string.Join(",", Enumerable.Range(0, 3).Select(k => k < ada[i].Length ? ada[i][k].ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "")));
        var path = dir.Write("ada.csv", string.Join("\n", [lines[0] + ",logprob_0,logprob_1,logprob_2", .. withLogprobs]) + "\n");

        var imported = _importer.Read(path, Options).Single();

        Assert.Equal(ada, imported.Results.Select(r => r.ClassLogprobs.ToArray()));
        Assert.NotNull(imported.Run.Aggregate!.AccuracyNorm);
        Assert.Contains("logprob_N", imported.ReadAs);
    }

    [Fact]
    public void A_header_only_file_is_refused_by_name()
    {
        var path = Pipeline("header-only", "text-davinci-002.csv");

        var ex = Assert.Throws<ImportException>(() => _importer.Import(path, Options));

        Assert.StartsWith(path, ex.Message);
        Assert.Contains("no rows", ex.Message);
        Assert.Empty(_store.GetRuns());
    }

    [Fact]
    public void A_model_without_a_published_size_asks_for_its_parameter_count()
    {
        using var dir = new TempFolder();
        var path = dir.Copy(Pipeline("final", "ada.csv"), "text-davinci-002.csv");

        var ex = Assert.Throws<ImportException>(() => _importer.Read(path, Options));

        Assert.Contains("\"text-davinci-002\" is not known", ex.Message);
        Assert.Contains("--params", ex.Message);
        Assert.Equal(175_000_000_000L, _importer.Read(path, Options with { Parameters = 175_000_000_000 }).Single().Run.Parameters);
    }

    [Fact]
    public void The_args_log_beside_the_file_names_the_task()
    {
        var other = _task with { Name = "other", Sha256 = new string('0', 64) };

        var imported = _importer.Read(Pipeline("folder", "ada.csv"), Options with { Datasets = [other, _task] }).Single();

        Assert.Equal("tiny_task", imported.Run.TaskName);
        Assert.Contains("args.log: task tiny_task, classification, 2 models", imported.ReadAs);
    }

    [Fact]
    public void Rows_of_another_version_of_the_task_are_explained_and_import_as_results_only()
    {
        // Another version of the task: examples 0 and 3 have the other answer.
        var flipped = _task with { Examples = _task.Examples.Select(e => e.Index is 0 or 3 ? e with { AnswerIndex = 1 - e.AnswerIndex } : e).ToArray() };
        var path = Pipeline("final", "ada.csv");

        var ex = Assert.Throws<ImportException>(() => _importer.Read(path, Options with { Datasets = [flipped] }));
        Assert.Contains("2 of 4 rows disagree with tiny_task's answers", ex.Message);
        Assert.Contains("another version of the task", ex.Message);
        Assert.Contains("--results-only", ex.Message);
        Assert.Equal(2, ex.Line);

        var run = _importer.Import(path, Options with { Datasets = [flipped], TaskName = "tiny_task", ResultsOnly = true }).Single();
        Assert.Null(run.TaskSha256);
        Assert.Equal(ClassLogprobs["ada"].Select((l, i) => HandLoss(l, Answers[i])).Average(), run.Aggregate!.MeanLoss!.Value, 1e-12);
        Assert.Equal(0.5, run.Aggregate.Accuracy);
        Assert.Contains("per-example text views are empty", run.Source.Note);
        Assert.Equal(4, _store.GetResults(run.Id).Count);
    }

    [Fact]
    public void The_spring_2022_loss_only_layout_keeps_the_loss_and_records_no_accuracy()
    {
        // As the pipeline wrote before correct existed: index,loss (its own sentiment and anli folders); example 2 is
        // the empty row it wrote where it got no numbers.
        using var dir = new TempFolder();
        var path = dir.Write("gpt2-medium.csv", "index,loss\n0,0.9740769841801067\n1,0.6802696706417346\n2,\n3,0.5981388693815918\n");

        var imported = _importer.Read(path, Options).Single();

        Assert.Equal(("tiny_task", 355_000_000L), (imported.Run.TaskName, imported.Run.Parameters!.Value));
        Assert.Equal((0.9740769841801067 + 0.6802696706417346 + 0.5981388693815918) / 3, imported.Run.Aggregate!.MeanLoss!.Value, 1e-12);
        Assert.Equal((3, 1), (imported.Run.Aggregate.Count, imported.Run.Aggregate.NotScored));
        Assert.Null(imported.Run.Aggregate.Accuracy);
        Assert.Null(imported.Run.Aggregate.ClassMass);
        Assert.NotNull(imported.Run.Aggregate.LossBaseline);
        Assert.Equal([-1, -1, -1, -1], imported.Results.Select(r => r.Predicted));
        Assert.False(imported.Results[2].Scored);
        Assert.Contains("loss only", imported.ReadAs);

        var stored = _importer.Import(path, Options).Single();
        Assert.Null(stored.Aggregate!.Accuracy);
    }

    [Fact]
    public void A_row_the_pipeline_left_empty_is_not_scored_and_the_rest_of_the_run_stands()
    {
        using var dir = new TempFolder();
        var lines = File.ReadAllLines(Pipeline("june-2022", "text-curie-001-results.csv"));
        lines[2] = "1,,,";
        var path = dir.Write("curie.csv", string.Join("\n", lines) + "\n");

        var imported = _importer.Read(path, Options).Single();

        Assert.Equal((3, 1), (imported.Run.Aggregate!.Count, imported.Run.Aggregate.NotScored));
        Assert.Equal("not scored in the imported file", imported.Results[1].NotScoredReason);
        Assert.Equal(1.0 / 3, imported.Run.Aggregate.Accuracy!.Value, 1e-12);
    }

    [Theory]
    [InlineData("index,logodds,correct,total_logprob\n0,-0.389,1,-1.12\n", "April-2022 \"QA\" layout")]
    [InlineData("index,estimate\n0,2386.5\n1,1175.0\n", "\"numeric\" layout")]
    public void Layouts_whose_numbers_no_metric_here_takes_are_refused_by_name(string csv, string named)
    {
        using var dir = new TempFolder();
        var path = dir.Write("ada.csv", csv);

        var ex = Assert.Throws<ImportException>(() => _importer.Import(path, Options));

        Assert.Contains(named, ex.Message);
        Assert.Contains("not imported", ex.Message);
        Assert.Equal(1, ex.Line);
        Assert.Empty(_store.GetRuns());
    }

    [Fact]
    public void An_args_log_appended_to_by_several_runs_names_the_last_runs_task_and_every_runs_models()
    {
        // The pipeline appends to args.log: a folder run twice holds two JSON objects back to back.
        using var dir = new TempFolder();
        dir.Write("args.log",
            "{\n  \"dataset\": \"other_task\",\n  \"dataset_path\": null,\n  \"models\": [\"gpt2\"],\n  \"task_type\": \"numeric\"\n}" +
            "{\n  \"dataset\": \"tiny_task\",\n  \"dataset_path\": null,\n  \"models\": [\"ada\", \"gpt2\"],\n  \"task_type\": \"classification\"\n}");

        var log = PipelineArgsLog.ReadFrom(dir.Path)!;

        Assert.Equal(("tiny_task", "classification"), (log.TaskName, log.TaskType));
        Assert.Equal(["gpt2", "ada"], log.Models);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
