using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Tests.TestSupport;

/// <summary>Small hand-made tasks and runs with known numbers.</summary>
internal static class Samples
{
    public const string Task = "toy-task";

    /// <summary>A two-class task: example i's prompt says "item i", answer alternates, metadata "reps" = i % 3.</summary>
    public static TaskDataset Dataset(int count = 6, string name = Task, TaskOrigin origin = TaskOrigin.Official) =>
        SampleData.TwoClassTask(
            name, count, i => $"Repeat after me, item {i}: A, B, A,", origin,
            ("reps", i => (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>A result whose loss is <paramref name="loss"/> (two classes; correct when loss &lt; ln 2).</summary>
    public static ExampleResult Result(int index, double loss, int answer = 0)
    {
        // Choose class log-probs so that the renormalised NLL of the answer is exactly `loss`.
        var pAnswer = Math.Exp(-loss);
        var logprobs = new double[2];
        logprobs[answer] = Math.Log(pAnswer) - 1;
        logprobs[1 - answer] = Math.Log(1 - pAnswer) - 1;
        return ExampleResult.Classified(index, logprobs, answer) with
        {
            ClassTokens = [[new TokenScore(1, " A", logprobs[0])], [new TokenScore(2, " B", logprobs[1])]],
        };
    }

    /// <summary>A model descriptor for queueing jobs (the scripted evaluation service never opens it).</summary>
    public static ModelDescriptor Model { get; } = SampleData.Model("m", 10, "F");

    public static RunRecord Run(
        string model, string family, long parameters, AggregateMetrics? aggregate = null, string task = Task,
        RunStatus status = RunStatus.Complete, bool imported = false, bool perExample = true, long? step = null, int shots = 0,
        string? note = null) => new()
    {
        Id = $"{task}/{model}/{shots}",
        TaskName = task,
        TaskSha256 = "sha-" + task,
        ModelName = model,
        Family = family,
        Parameters = parameters,
        TrainingStep = step,
        Shots = shots,
        Source = imported
            ? new RunSource { Origin = RunOrigin.Imported, Format = "official-pipeline-csv", File = model + ".csv", HasPerExampleResults = perExample, Note = note }
            : RunSource.Local,
        Status = status,
        Total = aggregate?.Count ?? 0,
        Completed = aggregate?.Count ?? 0,
        Aggregate = aggregate,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    public static AggregateMetrics Loss(double mean, double sem, int count = 100) => new()
    {
        Count = count,
        MeanLoss = mean,
        LossSem = sem,
        Accuracy = 0.5,
        AccuracySem = 0.05,
        LossBaseline = Math.Log(2),
        AccuracyBaseline = 0.5,
        ClassMass = 0.3,
    };

    /// <summary>Stores the dataset and, per model, a run with per-example losses given by <paramref name="loss"/>(model rank, index).</summary>
    public static InMemoryResultsStore StoreWithFamily(int examples = 6, params (string Model, long Parameters)[] models) =>
        AddFamily(new InMemoryResultsStore(), examples, models);

    /// <summary>As <see cref="StoreWithFamily"/>, into an existing store (a page test's).</summary>
    public static InMemoryResultsStore AddFamily(InMemoryResultsStore store, int examples = 6, params (string Model, long Parameters)[] models)
    {
        var dataset = Dataset(examples);
        store.SaveDataset(dataset);
        for (var m = 0; m < models.Length; m++)
        {
            var results = dataset.Examples.Select(e => Result(e.Index, 0.2 + 0.3 * m + 0.01 * e.Index, e.AnswerIndex)).ToList();
            var aggregate = Aggregator.Compute(results, dataset);
            store.ImportRun(Run(models[m].Model, "Toy", models[m].Parameters, aggregate), results);
        }

        return store;
    }
}
