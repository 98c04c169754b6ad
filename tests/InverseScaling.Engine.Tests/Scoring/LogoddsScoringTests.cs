using System.Text.Json;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Tests.Models;
using static InverseScaling.Engine.Tests.Scoring.ScoringTestData;

namespace InverseScaling.Engine.Tests.Scoring;

/// <summary>
/// logodds and absolute_logodds scored by the bundled models against tests/fixtures/logodds/expected.json, which
/// generate.py computes from the golden pure-Python float64 forward pass, following the Prize pipeline's code.
/// </summary>
public sealed class LogoddsScoringTests
{
    private const double Tolerance = 1e-4;

    private static readonly Lazy<JsonDocument> Expected = new(() =>
        JsonDocument.Parse(File.ReadAllText(Fixture("expected.json"))));

    public static TheoryData<string, string> ModelsAndFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in new[] { "stories260K", "llama2xs-279K", "TinyStories-656K" })
        {
            foreach (var file in new[] { "logodds-two-classes.jsonl", "logodds-three-classes.jsonl", "biased-prompt.csv" })
            {
                data.Add(model, file);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelsAndFiles))]
    public async Task Per_example_values_match_the_independent_computation_to_1e4(string model, string file)
    {
        var task = TaskFileReader.Read(Fixture(file));
        Assert.Equal(TaskType.Logodds, task.Type);
        var expected = Expected.Value.RootElement.GetProperty(model).GetProperty(file).EnumerateArray().ToList();
        using var scorer = TestModels.Open(TestModels.Bundled(model));

        var logodds = await ScoreAll(scorer, task.Examples, TaskType.Logodds);
        var absolute = await ScoreAll(scorer, TaskTypeOverride.Apply(task, TaskType.AbsoluteLogodds).Examples, TaskType.AbsoluteLogodds);

        Assert.Equal(expected.Count, logodds.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (want, got) = (expected[i], logodds[i]);
            Assert.Equal(Ints(want, "class_tokens"), got.ClassTokens!.Select(t => Assert.Single(t).Id).ToArray());
            AssertClose(Doubles(want, "prompt_class_logprobs"), got.ClassLogprobs);
            AssertClose(Doubles(want, "other_class_logprobs"), got.OtherClassLogprobs);
            Assert.Equal(want.GetProperty("logodds_difference").GetDouble(), got.Loss, Tolerance);
            Assert.Equal(want.GetProperty("absolute_logodds_difference").GetDouble(), absolute[i].Loss, Tolerance);
            Assert.Equal(want.GetProperty("correct").GetInt32() == 1, got.Correct);
            Assert.Equal(want.GetProperty("total_logprob").GetDouble(), got.TotalLogprob, Tolerance);
            Assert.Equal(Ints(want, "prompt_ids").Length, got.PromptTokens);
            Assert.False(got.Truncated);
        }
    }

    [Fact]
    public async Task Swapping_prompt_and_other_prompt_negates_the_logodds_difference()
    {
        var task = TaskFileReader.Read(Fixture("logodds-three-classes.jsonl"));
        var swapped = task.Examples.Select(e => e with { Prompt = e.OtherPrompt!, OtherPrompt = e.Prompt }).ToList();
        using var scorer = TestModels.Open(TestModels.Bundled("TinyStories-656K"));

        var forward = await ScoreAll(scorer, task.Examples, TaskType.Logodds);
        var backward = await ScoreAll(scorer, swapped, TaskType.Logodds);

        Assert.All(forward, r => Assert.NotEqual(0, r.Loss, 1e-3));
        for (var i = 0; i < forward.Count; i++)
        {
            Assert.Equal(-forward[i].Loss, backward[i].Loss, 1e-9);
            Assert.Equal(forward[i].TotalLogprob, backward[i].TotalLogprob, 1e-9);
        }
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_is_cut_at_the_left()
    {
        // llama2xs-279K has a 256-token context; the long prompt ends with the short one, so its last tokens agree.
        var padding = string.Concat(Enumerable.Repeat("The dog ran and the cat sat. ", 60));
        var prompt = "Lily saw a big dog in the park. Was the dog big? Answer:";
        TaskExample[] examples =
        [
            new() { Index = 0, Line = 1, Prompt = padding + prompt, OtherPrompt = prompt, Classes = [" Yes", " No"] },
        ];
        using var scorer = TestModels.Open(TestModels.Bundled("llama2xs-279K"));

        var result = Assert.Single(await ScoreAll(scorer, examples, TaskType.Logodds));

        Assert.True(result.Truncated);
        Assert.Equal(256, result.PromptTokens);
        Assert.All(result.ClassLogprobs.Concat(result.OtherClassLogprobs), v => Assert.True(double.IsFinite(v) && v < 0));
    }

    private static string Fixture(string name) => Fixtures.Path("logodds", name);

    private static int[] Ints(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(v => v.GetInt32())];

    private static double[] Doubles(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(v => v.GetDouble())];

    private static void AssertClose(double[] expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], actual[k], Tolerance);
        }
    }
}
