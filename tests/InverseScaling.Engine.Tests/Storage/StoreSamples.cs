using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Engine.Tests.Storage;

/// <summary>Small, fully specified records for store tests.</summary>
internal static class StoreSamples
{
    public static RunRecord Run(string id = "run-1", string task = "NeQA", int total = 10) => new()
    {
        Id = id,
        TaskName = task,
        TaskSha256 = "abc123",
        ModelName = "stories260K",
        Family = "TinyStories",
        Parameters = 260_000,
        Source = RunSource.Local,
        Total = total,
    };

    /// <summary>A result whose numbers depend on the index, so a swapped or duplicated row is visible.</summary>
    public static ExampleResult Result(int index)
    {
        double[] logprobs = [-1.0 - index / 7.0, -2.0 + index / 11.0];
        return ExampleResult.Classified(index, logprobs, index % 2) with
        {
            ClassTokens =
            [
                [new TokenScore(317, " A", logprobs[0])],
                [new TokenScore(12, " B", logprobs[1] / 2), new TokenScore(13, "!", logprobs[1] / 2)],
            ],
            PromptTokens = 40 + index,
        };
    }

    public static IReadOnlyList<ExampleResult> Results(int from, int count) =>
        Enumerable.Range(from, count).Select(Result).ToArray();

    public static ModelDescriptor Model(string name = "stories260K", long parameters = 260_000) => SampleData.Model(name, parameters, "TinyStories");

    /// <summary>
    /// A two-class task with every field a store keeps set, so a field the store drops fails its round trip: part,
    /// warnings, and two metadata columns, one with a dot in its name.
    /// </summary>
    public static TaskDataset Dataset(string name = "NeQA", string sha = "sha-neqa", int count = 3)
    {
        var task = SampleData.TwoClassTask(
            name, count, i => $"Question {i}?\nAnswer:", TaskOrigin.Official,
            ("template.id", i => "t" + (i % 3)), ("repetitions", i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return task with
        {
            Sha256 = sha,
            Examples = [.. task.Examples.Select(e => e with { Part = 1 })],
            Warnings = [new DatasetIssue("/data/x.jsonl", 2, IssueSeverity.Warning, "class without leading space")],
        };
    }
}
