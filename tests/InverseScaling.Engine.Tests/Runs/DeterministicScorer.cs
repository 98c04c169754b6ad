using System.Runtime.CompilerServices;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Tests.Runs;

/// <summary>
/// Test double for the ONNX scorer (tested on real models in Scoring/): class log-probs are a fixed function of
/// the example, so every run of the same example gives the same numbers. Records what it was asked to score.
/// </summary>
internal sealed class DeterministicScorerFactory : IModelScorerFactory
{
    public int BatchSize { get; init; } = 4;

    /// <summary>Called after each yielded batch (1-based batch number): lets a test cancel or fail mid-run.</summary>
    public Action<int>? AfterBatch { get; set; }

    public int Opened { get; private set; }

    public List<int> Scored { get; } = [];

    public List<string> Prompts { get; } = [];

    public IModelScorer Open(ModelDescriptor model)
    {
        Opened++;
        return new Scorer(this, model);
    }

    public static IReadOnlyList<double> LogprobsFor(TaskExample example) =>
        example.Classes.Select((c, k) => -0.5 - ((example.Index * 7 + k * 3) % 5) / 4.0 - c.Length / 100.0).ToArray();

    private sealed class Scorer(DeterministicScorerFactory factory, ModelDescriptor model) : IModelScorer
    {
        public ModelDescriptor Model => model;

        public async IAsyncEnumerable<IReadOnlyList<ExampleResult>> ScoreAsync(
            TaskType type,
            IReadOnlyList<TaskExample> examples,
            IProgress<ScoringProgress>? progress = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var batchNumber = 0;
            // Longest prompts first, as the real scorer batches by length: results do not come in index order.
            foreach (var batch in examples.OrderByDescending(e => e.Prompt.Length).ThenByDescending(e => e.Index).Chunk(factory.BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield();
                factory.Scored.AddRange(batch.Select(e => e.Index));
                factory.Prompts.AddRange(batch.Select(e => e.Prompt));
                progress?.Report(new ScoringProgress(factory.Scored.Count, examples.Count, factory.Scored.Count * 10, TimeSpan.FromSeconds(1)));
                yield return batch.Select(Score).ToArray();
                factory.AfterBatch?.Invoke(++batchNumber);
            }
        }

        private static ExampleResult Score(TaskExample example)
        {
            var logprobs = LogprobsFor(example);
            return ExampleResult.Classified(example.Index, logprobs, example.AnswerIndex);
        }

        public void Dispose()
        {
        }
    }
}
