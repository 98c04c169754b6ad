using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Tests.Scoring;

internal static class ScoringTestData
{
    public static TaskExample Example(int index, string prompt, IReadOnlyList<string> classes, int answer = 0) =>
        new() { Index = index, Line = index + 1, Prompt = prompt, Classes = classes, AnswerIndex = answer };

    public static async Task<List<ExampleResult>> ScoreAll(
        IModelScorer scorer, IReadOnlyList<TaskExample> examples, TaskType type = TaskType.Classification, IProgress<ScoringProgress>? progress = null)
    {
        var results = new List<ExampleResult>();
        await foreach (var batch in scorer.ScoreAsync(type, examples, progress))
        {
            results.AddRange(batch);
        }

        return [.. results.OrderBy(r => r.Index)];
    }
}
