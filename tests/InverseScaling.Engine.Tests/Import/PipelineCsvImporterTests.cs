using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;
using InverseScaling.Engine.Tests.Storage;

namespace InverseScaling.Engine.Tests.Import;

public sealed class PipelineCsvImporterTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly LiteDbResultsStore _store;
    private readonly ResultsImporter _importer;

    public PipelineCsvImporterTests()
    {
        _store = _db.Open();
        _importer = new ResultsImporter(_store);
    }

    public void Dispose() => _db.Dispose();

    private static ImportOptions NeqaOnly => new() { Datasets = ImportFixtures.All };

    /// <summary>The published table (shared SOURCES.md), recomputed from the imported per-example rows.</summary>
    [Theory]
    [InlineData("ada", 350_000_000L, 0.718808, 0.014253, 0.5400, 0.4243)]
    [InlineData("babbage", 1_300_000_000L, 0.792705, 0.021185, 0.4600, 0.5848)]
    [InlineData("curie", 6_700_000_000L, 0.713322, 0.010991, 0.4900, 0.5657)]
    [InlineData("davinci", 175_000_000_000L, 0.757851, 0.011482, 0.3833, 0.6811)]
    public void NeQA_GPT3_files_reproduce_the_published_aggregates(string model, long parameters, double loss, double sem, double accuracy, double mass)
    {
        var run = Assert.Single(_importer.Import(ImportFixtures.Gpt3Csv(model), NeqaOnly));

        Assert.Equal("NeQA", run.TaskName);
        Assert.Equal(ImportFixtures.Neqa.Sha256, run.TaskSha256);
        Assert.Equal((model, "GPT-3", parameters), (run.ModelName, run.Family, run.Parameters!.Value));
        Assert.Equal((RunStatus.Complete, 300, 300), (run.Status, run.Total, run.Completed));
        Assert.Equal((RunOrigin.Imported, PipelineCsvImporter.Format, true), (run.Source.Origin, run.Source.Format, run.Source.HasPerExampleResults));
        Assert.Equal(ImportFixtures.Gpt3Csv(model), run.Source.File);
        var a = run.Aggregate!;
        Assert.Equal(loss, Math.Round(a.MeanLoss!.Value, 6));
        Assert.Equal(sem, Math.Round(a.LossSem!.Value, 6));
        Assert.Equal(accuracy, Math.Round(a.Accuracy!.Value, 4));
        Assert.Equal(mass, Math.Round(a.ClassMass!.Value, 4));
        Assert.Equal(Math.Log(2), a.LossBaseline!.Value, 12);
        Assert.Null(a.AccuracyNorm);
    }

    [Fact]
    public void Rows_keep_the_files_numbers_exactly_and_map_the_predicted_class_to_its_index()
    {
        var run = _importer.Import(ImportFixtures.Gpt3Csv("ada"), NeqaOnly)[0];
        var rows = _store.GetResults(run.Id);

        // First data line of ada.csv: 0,0.587578535079956,1, A,-0.9626699686050415
        Assert.Equal(0.587578535079956, rows[0].Loss);
        Assert.Equal(-0.9626699686050415, rows[0].TotalLogprob);
        Assert.True(rows[0].Correct);
        Assert.Equal(0, rows[0].Predicted);
        Assert.Equal(1, rows[1].Predicted);
        Assert.Empty(rows[0].ClassLogprobs);
        Assert.Equal(Enumerable.Range(0, 300), rows.Select(r => r.Index));
    }

    [Fact]
    public void Importing_the_same_file_twice_keeps_one_run()
    {
        var first = _importer.Import(ImportFixtures.Gpt3Csv("ada"), NeqaOnly)[0];
        var second = _importer.Import(ImportFixtures.Gpt3Csv("ada"), NeqaOnly)[0];

        Assert.Equal(first.Id, second.Id);
        Assert.Single(_store.GetRuns());
        Assert.Equal(300, _store.GetResults(first.Id).Count);
    }

    [Fact]
    public void An_unknown_model_needs_its_size_and_the_override_wins()
    {
        using var dir = new TempFolder();
        var path = dir.Copy(ImportFixtures.Gpt3Csv("ada"), "my-finetune.csv");

        var refused = Assert.Throws<ImportException>(() => _importer.Import(path, NeqaOnly));
        Assert.Contains("my-finetune.csv", refused.Message);
        Assert.Contains("--params", refused.Message);
        Assert.Empty(_store.GetRuns());

        var run = _importer.Import(path, NeqaOnly with { Parameters = 42_000_000, Family = "Mine" })[0];
        Assert.Equal(("my-finetune", "Mine", 42_000_000L), (run.ModelName, run.Family, run.Parameters!.Value));

        var renamed = _importer.Import(ImportFixtures.Gpt3Csv("ada"), NeqaOnly with { ModelName = "text-ada-001", Parameters = 350_000_000 })[0];
        Assert.Equal("text-ada-001", renamed.ModelName);
    }

    [Fact]
    public void A_file_with_the_wrong_columns_is_refused()
    {
        using var dir = new TempFolder();
        var path = dir.Write("ada.csv", "index,loss,right,total_logprob\n0,0.5,1,-0.9\n");

        var ex = Assert.Throws<ImportException>(() => _importer.Import(path, NeqaOnly));

        Assert.Contains(path, ex.Message);
        Assert.Contains("index,loss,correct,predicted,total_logprob", ex.Message);
        Assert.Empty(_store.GetRuns());
    }

    [Fact]
    public void A_file_with_the_wrong_row_count_is_refused()
    {
        using var dir = new TempFolder();
        var lines = File.ReadAllLines(ImportFixtures.Gpt3Csv("ada"));
        var path = dir.Write("ada.csv", string.Join('\n', lines.Take(lines.Length - 1)) + "\n");

        var named = Assert.Throws<ImportException>(() => _importer.Import(path, NeqaOnly with { TaskName = "NeQA" }));
        Assert.Contains("299 rows, but NeQA has 300 examples", named.Message);
        var guessed = Assert.Throws<ImportException>(() => _importer.Import(path, NeqaOnly));
        Assert.Contains("no loaded dataset has 299 examples", guessed.Message);
        Assert.Empty(_store.GetRuns());
    }

    [Fact]
    public void Rows_that_do_not_match_the_datasets_answers_are_refused_with_their_line()
    {
        using var dir = new TempFolder();
        var lines = File.ReadAllLines(ImportFixtures.Gpt3Csv("ada"));
        // Row 5 (file line 7): flip "correct" without changing the prediction.
        var cells = lines[6].Split(',');
        cells[2] = cells[2] == "1" ? "0" : "1";
        lines[6] = string.Join(',', cells);
        var path = dir.Write("ada.csv", string.Join('\n', lines) + "\n");

        var ex = Assert.Throws<ImportException>(() => _importer.Import(path, NeqaOnly));

        Assert.Equal(7, ex.Line);
        Assert.Contains("do not match", ex.Message);
        Assert.Empty(_store.GetRuns());
    }

    [Fact]
    public void Rows_out_of_order_are_refused()
    {
        using var dir = new TempFolder();
        var lines = File.ReadAllLines(ImportFixtures.Gpt3Csv("ada")).ToList();
        (lines[2], lines[3]) = (lines[3], lines[2]);
        var path = dir.Write("ada.csv", string.Join('\n', lines) + "\n");

        var ex = Assert.Throws<ImportException>(() => _importer.Import(path, NeqaOnly));

        Assert.Equal(3, ex.Line);
        Assert.Contains("index is 2 where 1 was expected", ex.Message);
    }

    [Fact]
    public void Predictions_that_are_not_classes_of_the_named_task_are_refused()
    {
        using var dir = new TempFolder();
        var header = "index,loss,correct,predicted,total_logprob";
        var rows = Enumerable.Range(0, 300).Select(i => $"{i},0.5,0, C,-0.1");
        var path = dir.Write("ada.csv", header + "\n" + string.Join('\n', rows) + "\n");

        var ex = Assert.Throws<ImportException>(() => _importer.Import(path, NeqaOnly with { TaskName = "NeQA" }));
        Assert.Contains("\" C\" is not one of example 0's classes", ex.Message);
        Assert.Equal(2, ex.Line);
        Assert.Contains("do not fit any loaded dataset", Assert.Throws<ImportException>(() => _importer.Import(path, NeqaOnly)).Message);
    }
}
