using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;

namespace InverseScaling.Tests.Support;

/// <summary>
/// Hand-made tasks and models with known content, for tests that store, score or show them without reading a file.
/// Each test project's own samples choose the prompts and metadata their assertions read.
/// </summary>
internal static class SampleData
{
    /// <summary>
    /// A two-class task (" A" / " B", answer 0, 1, 0, …, round 1) of <paramref name="count"/> examples: example i's prompt
    /// is <paramref name="prompt"/>(i), and each of <paramref name="metadata"/> is a metadata column with value(i).
    /// Its SHA-256 stands in as <c>sha-NAME</c>.
    /// </summary>
    public static TaskDataset TwoClassTask(
        string name, int count, Func<int, string> prompt, TaskOrigin origin = TaskOrigin.Official,
        params (string Column, Func<int, string> Value)[] metadata) => new()
    {
        Name = name,
        Type = TaskType.Classification,
        Origin = origin,
        SourcePath = $"/data/{name}.jsonl",
        Sha256 = "sha-" + name,
        Examples = Enumerable.Range(0, count).Select(i => new TaskExample
        {
            Index = i,
            Line = i + 1,
            Prompt = prompt(i),
            Classes = [" A", " B"],
            AnswerIndex = i % 2,
            Round = 1,
            Metadata = metadata.ToDictionary(m => m.Column, m => m.Value(i)),
        }).ToList(),
        MetadataColumns = [.. metadata.Select(m => m.Column)],
    };

    /// <summary>A model folder's descriptor with every manifest field set (nothing opens it: the folder does not exist).</summary>
    public static ModelDescriptor Model(string name, long parameters, string family) => new()
    {
        ContentHash = "hash-" + name,
        Directory = "/models/" + name,
        Manifest = new ModelManifest
        {
            Name = name,
            Family = family,
            Parameters = parameters,
            TrainingTokens = 1_000_000,
            Tokenizer = "tok.model",
            MaxContext = 512,
            Notes = "test model",
        },
    };
}
