using InverseScaling.Engine.Data;

namespace InverseScaling.Engine.Tests.Import;

/// <summary>The small import fixtures written for these tests, under tests/fixtures/import (see tests/fixtures/SOURCES.md).</summary>
internal static class ImportFixtureFiles
{
    public const string LmEvalDate = "2024-07-10T12-34-56.123456";

    public static string Root => Fixtures.Path("import");

    public static string Pipeline(params string[] parts) => Path.Combine([Root, "pipeline", .. parts]);

    public static string LmEval(params string[] parts) => Path.Combine([Root, "lm-eval", .. parts]);

    /// <summary>The four-example task the pipeline fixtures were computed on (read as the user task "tiny_task").</summary>
    public static TaskDataset TinyTask => TaskFileReader.Read(Pipeline("tiny_task.jsonl"));

    /// <summary>The raw class log-probs the pipeline fixtures were computed from, per model and example.</summary>
    public static IReadOnlyDictionary<string, double[][]> ClassLogprobs { get; } = new Dictionary<string, double[][]>
    {
        ["ada"] = [[-1.2, -0.7], [-2.0, -1.5, -1.0], [-0.3, -2.3], [-0.9, -1.1]],
        ["babbage"] = [[-0.5, -1.5], [-1.0, -2.5, -0.75], [-1.75, -0.25], [-0.6, -1.6]],
    };

    /// <summary>The Prize loss by hand: logsumexp of the class log-probs minus the answer's.</summary>
    public static double HandLoss(IReadOnlyList<double> logprobs, int answer) =>
        Math.Log(logprobs.Sum(Math.Exp)) - logprobs[answer];

    public static double HandTotal(IReadOnlyList<double> logprobs) => Math.Log(logprobs.Sum(Math.Exp));
}
