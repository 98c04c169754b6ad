using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;
using InverseScaling.Engine.Tests.Storage;
using static InverseScaling.Engine.Tests.Import.ImportFixtureFiles;

namespace InverseScaling.Engine.Tests.Import;

/// <summary>lm-eval output of tasks that are not the Prize's: samples in all three layouts build the task; results of any task or group.</summary>
public sealed class LmEvalAnyTaskTests : IDisposable
{
    /// <summary>The fixtures' three questions: the choices' log-likelihoods and the answer (always the first choice).</summary>
    private static readonly double[][] LogLikelihoods = [[-1.5, -2.5], [-3.0, -1.0, -2.0], [-0.25, -1.75]];

    private readonly TempDatabase _db = new();
    private readonly LiteDbResultsStore _store;
    private readonly ResultsImporter _importer;

    public LmEvalAnyTaskTests()
    {
        _store = _db.Open();
        _importer = new ResultsImporter(_store);
    }

    public void Dispose() => _db.Dispose();

    private static string Samples(string layout) => LmEval(layout, "acme__tiny-lm-70m", $"samples_synthetic_mc_{LmEvalDate}.jsonl");

    [Theory]
    [InlineData("v0.4")]
    [InlineData("june-2023")]
    [InlineData("current")]
    public void Samples_of_a_task_not_loaded_build_the_task_and_give_the_Prize_loss(string layout)
    {
        var run = _importer.Import(Samples(layout), new ImportOptions { Datasets = [] }).Single();

        var task = _store.GetDataset("synthetic_mc")!;
        Assert.Equal(TaskOrigin.Samples, task.Origin);
        Assert.Equal(
            ["Q: Which is a fruit?\nA:", "Q: What is the capital of France?\nA:", "Q: How many legs does a cat have?\nA:"],
            task.Examples.Select(e => e.Prompt));
        Assert.Equal([" Paris", " Rome", " Oslo"], task.Examples[1].Classes);
        Assert.All(task.Examples, e => Assert.Equal(0, e.AnswerIndex));
        Assert.Equal(task.Sha256, run.TaskSha256);

        Assert.Equal(("tiny-lm-70m", "tiny-lm", 70_426_624L), (run.ModelName, run.Family, run.Parameters!.Value));
        var results = _store.GetResults(run.Id);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HandLoss(LogLikelihoods[i], 0), results[i].Loss, 1e-12);
            Assert.Equal(LogLikelihoods[i], results[i].ClassLogprobs);
        }

        Assert.Equal(2.0 / 3, run.Aggregate!.Accuracy!.Value, 1e-12);
        Assert.Contains("built from the samples", run.Source.Note);
    }

    [Fact]
    public void Every_layout_of_the_same_questions_builds_the_same_task()
    {
        var built = new[] { "v0.4", "june-2023", "current" }
            .Select(layout => _importer.Read(Samples(layout), new ImportOptions { Datasets = [] }).Single().NewDataset!.Sha256)
            .Distinct();

        Assert.Single(built);
    }

    [Fact]
    public void Results_of_any_task_and_group_import_with_generation_tasks_on_exact_match()
    {
        var runs = _importer.Read(LmEval("any-task", "acme__tiny-lm-1.4b", $"results_{LmEvalDate}.json"), new ImportOptions { Datasets = [] })
            .Select(r => r.Run).ToDictionary(r => r.TaskName);

        Assert.Equal(["gsm8k", "my_group", "my_group_a", "my_group_b"], runs.Keys.Order());
        Assert.Equal((0.5, 0.05, 0.45, 100), (runs["my_group_a"].Aggregate!.Accuracy, runs["my_group_a"].Aggregate!.AccuracySem, runs["my_group_a"].Aggregate!.AccuracyNorm, runs["my_group_a"].Aggregate!.Count));
        // A generation task: its first filter's exact match, on the accuracy axis, said so in the note.
        Assert.Equal((0.12, 0.009, 1319), (runs["gsm8k"].Aggregate!.Accuracy, runs["gsm8k"].Aggregate!.AccuracySem, runs["gsm8k"].Aggregate!.Count));
        Assert.Contains("exact_match,strict-match", runs["gsm8k"].Source.Note);
        Assert.Equal(5, runs["gsm8k"].Shots);
        Assert.All(runs.Values, r => Assert.Equal(("tiny-lm-1.4b", "tiny-lm", 1_414_647_808L), (r.ModelName, r.Family, r.Parameters!.Value)));
    }
}
