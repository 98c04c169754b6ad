using InverseScaling.Engine.Data;
using InverseScaling.Engine.Data.Generators;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Tests.Models;
using static InverseScaling.Engine.Tests.Scoring.ScoringTestData;

namespace InverseScaling.Engine.Tests.Scoring;

/// <summary>
/// Batches never break the model's limits (issue 13, item 6): position ids, padding and the KV length stay inside the
/// graph's context for every mix of prompt and class lengths, and a declared context the graph cannot take is refused
/// when the model is opened. The bundled graphs' position tables end exactly at their context, so any overrun fails.
/// </summary>
public sealed class ContextLimitTests
{
    private static readonly string[] Vocabulary = ["the", "dog", "ran", "to", "a", "big", "red", "ball", "and", "Lily", "was", "happy", "park", "sun"];

    public static TheoryData<string, string> ModelsAndTasks()
    {
        var data = new TheoryData<string, string>();
        string[] tasks = [.. Directory.GetFiles(BundledContent.Datasets, "*.jsonl").Order(StringComparer.Ordinal), .. BundledGenerators.SpecFiles()];
        foreach (var model in new[] { "stories260K", "llama2xs-279K", "TinyStories-656K" })
        {
            foreach (var task in tasks)
            {
                data.Add(model, Path.GetFileName(task));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelsAndTasks))]
    public async Task K_shot_scoring_of_the_examples_nearest_the_limit_completes_for_k_0_to_5(string model, string taskFile)
    {
        var task = LoadTask(taskFile);
        using var scorer = TestModels.Open(TestModels.Bundled(model));

        for (var shots = 0; shots <= 5; shots++)
        {
            var examples = NearestTheLimit(FewShotBuilder.Build(task, shots, seed: 1).Examples);

            var results = await ScoreAll(scorer, examples, task.Type);

            Assert.Equal(examples.Select(e => e.Index).Order(), results.Select(r => r.Index));
            Assert.All(results, r => Assert.True(r.ClassLogprobs.All(double.IsFinite), $"{model} {taskFile} {shots}-shot example {r.Index}"));
        }
    }

    [Theory]
    [InlineData("stories260K", 1)]
    [InlineData("TinyStories-656K", 2)]
    [InlineData("llama2xs-279K", 3)]
    public async Task Random_prompt_and_class_lengths_near_the_context_stay_inside_it_and_batching_changes_nothing(string model, int seed)
    {
        var random = new Random(seed);
        using var batched = TestModels.Open(TestModels.Bundled(model));
        using var single = TestModels.Open(TestModels.Bundled(model), new OnnxScorerOptions { MaxBatchExamples = 1 });
        var context = batched.Model.Manifest.MaxContext;
        var examples = Enumerable.Range(0, 24)
            .Select(i => Example(i, Words(random, random.Next(context / 2, context)), [.. Enumerable.Range(0, random.Next(2, 4)).Select(_ => " " + Words(random, random.Next(1, 40)))]))
            .ToArray();

        foreach (var batch in batched.PlanBatches(examples.Select(e => ExampleTokens.TryCreate(e, TaskType.Classification, batched.Tokenizer, addBos: true, context, out _)).OfType<ExampleTokens>()))
        {
            Assert.All(batch, e => Assert.True(e.Prompt.Length + e.Continuations.Max(c => c.Inputs.Length) <= context));
            if (batched.UsesKvCache)
            {
                // The class pass continues from the first pass's rows (each prompt with its lead class's inputs), padded to the longest.
                var longestFirstRow = batch.Max(e => e.Prompt.Length + batched.Lead(e).Length);
                Assert.True(longestFirstRow + batch.Max(batched.SecondPassInputs) <= context, "KV length of the class pass");
            }
        }

        var together = await ScoreAll(batched, examples);
        var alone = await ScoreAll(single, examples);

        Assert.Contains(together, r => r.Truncated);
        Assert.Equal(alone.Select(r => r.ClassLogprobs), together.Select(r => r.ClassLogprobs), (a, b) => a.Zip(b).All(p => Math.Abs(p.First - p.Second) < 1e-4));
    }

    [Theory]
    [InlineData("stories260K", 513)]
    [InlineData("llama2xs-279K", 300)]
    public void A_declared_context_larger_than_the_graphs_is_refused_when_the_model_is_opened(string model, int declared)
    {
        using var root = new TempFolder();
        var bundled = ModelFolder.Load(TestModels.Bundled(model));
        var folder = TestModels.Folder(root, model, ModelFolder.OnnxPath(bundled), ModelFolder.TokenizerPath(bundled), maxContext: declared);

        var e = Assert.Throws<ModelFormatException>(() => TestModels.Open(folder));

        Assert.Equal(Path.Combine(folder, ModelFolder.ManifestFileName), e.File);
        Assert.Contains($"context of {declared} tokens is larger than the graph", e.Problem);
    }

    private static TaskDataset LoadTask(string fileName)
    {
        var dataset = Path.Combine(BundledContent.Datasets, fileName);
        return File.Exists(dataset)
            ? TaskFileReader.Read(dataset)
            : TemplateTaskGenerator.Generate(TemplateTaskSpec.Load(Path.Combine(BundledContent.Generators, fileName)), seed: 1);
    }

    /// <summary>The longest prompts, the longest classes and the shortest prompts: the mixes that strain a batch.</summary>
    private static TaskExample[] NearestTheLimit(IReadOnlyList<TaskExample> examples) =>
    [
        .. examples.OrderByDescending(e => e.Prompt.Length).Take(2)
            .Concat(examples.OrderByDescending(e => e.Classes.Count == 0 ? (e.Completion ?? "").Length : e.Classes.Max(c => c.Length)).Take(2))
            .Concat(examples.OrderBy(e => e.Prompt.Length).Take(2))
            .DistinctBy(e => e.Index),
    ];

    private static string Words(Random random, int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));
}
