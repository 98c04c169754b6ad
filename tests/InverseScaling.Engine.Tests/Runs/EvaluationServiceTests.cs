using InverseScaling.Engine.Data;
using InverseScaling.Engine.Runs;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;
using InverseScaling.Engine.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace InverseScaling.Engine.Tests.Runs;

public sealed class EvaluationServiceTests : IDisposable
{
    private const int N = 10;
    private readonly TempDatabase _db = new();
    private readonly LiteDbResultsStore _store;
    private readonly DeterministicScorerFactory _scorers = new() { BatchSize = 3 };
    private readonly EvaluationService _service;

    public EvaluationServiceTests()
    {
        _store = _db.Open();
        _service = new EvaluationService(_store, _scorers, NullLogger<EvaluationService>.Instance);
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Scores_every_example_and_completes_with_the_Prize_aggregates()
    {
        var task = StoreSamples.Dataset(count: N);
        var reports = new List<RunProgress>();

        var run = await _service.RunAsync(task, StoreSamples.Model(), new ScoringSettings(), new SyncProgress<RunProgress>(reports.Add));

        Assert.Equal(RunStatus.Complete, run.Status);
        Assert.Equal((N, N), (run.Total, run.Completed));
        var expected = task.Examples.Select(e => PrizeMetrics.Classify(DeterministicScorerFactory.LogprobsFor(e), e.AnswerIndex)).ToArray();
        Assert.Equal(expected.Average(o => o.Loss), run.Aggregate!.MeanLoss!.Value, 12);
        Assert.Equal(expected.Average(o => o.Correct ? 1.0 : 0.0), run.Aggregate.Accuracy!.Value, 12);
        Assert.Equal(Math.Log(2), run.Aggregate.LossBaseline!.Value, 12);
        Assert.Equal(Enumerable.Range(0, N), _store.GetResults(run.Id).Select(r => r.Index));
        // One report before scoring, one per batch; partial aggregates grow with the examples done.
        Assert.Equal([0, 3, 6, 9, 10], reports.Select(r => r.Completed));
        Assert.All(reports, r => Assert.False(r.FromCache));
        Assert.Equal(9, reports[3].Partial!.Count);
        Assert.Equal(30.0, reports[1].TokensPerSecond);
        // The run carries the task and model, and both are in the store.
        Assert.Equal(RunKey.For(StoreSamples.Model(), task.Sha256, new ScoringSettings()), run.Id);
        Assert.NotNull(_store.GetDataset(task.Sha256));
        Assert.Single(_store.GetModels());
    }

    [Fact]
    public async Task A_second_call_returns_the_cached_run_without_opening_the_model()
    {
        var task = StoreSamples.Dataset(count: N);
        var first = await _service.RunAsync(task, StoreSamples.Model(), new ScoringSettings());
        Assert.Equal(1, _scorers.Opened);
        var reports = new List<RunProgress>();

        var second = await _service.RunAsync(task, StoreSamples.Model(), new ScoringSettings(), new SyncProgress<RunProgress>(reports.Add));

        Assert.Equal(1, _scorers.Opened);
        Assert.Equal(N, _scorers.Scored.Count);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Aggregate, second.Aggregate);
        var report = Assert.Single(reports);
        Assert.True(report.FromCache);
        Assert.Equal(N, report.Completed);
    }

    [Fact]
    public async Task Different_settings_or_models_are_different_runs()
    {
        var task = StoreSamples.Dataset(count: N);
        var a = await _service.RunAsync(task, StoreSamples.Model(), new ScoringSettings());
        var b = await _service.RunAsync(task, StoreSamples.Model("other"), new ScoringSettings());

        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(2, _scorers.Opened);
        Assert.Equal(2, _store.GetRuns().Count);
    }

    [Fact]
    public async Task K_shot_settings_score_the_official_recipes_prompts_as_a_run_of_their_own()
    {
        var task = StoreSamples.Dataset(count: N);
        var zeroShot = await _service.RunAsync(task, StoreSamples.Model(), new ScoringSettings());
        _scorers.Prompts.Clear();

        var twoShot = await _service.RunAsync(task, StoreSamples.Model(), new ScoringSettings { Shots = 2, Seed = 5 });

        Assert.NotEqual(zeroShot.Id, twoShot.Id);
        Assert.Equal((task.Name, task.Sha256, 2, 5, RunStatus.Complete), (twoShot.TaskName, twoShot.TaskSha256, twoShot.Shots, twoShot.Seed, twoShot.Status));
        var expected = FewShotBuilder.Build(task, 2, 5).Examples.Select(e => e.Prompt).Order(StringComparer.Ordinal);
        Assert.Equal(expected, _scorers.Prompts.Order(StringComparer.Ordinal));
        Assert.All(_scorers.Prompts, p => Assert.Equal(3, p.Split(FewShotBuilder.Separator).Length));
    }

    [Fact]
    public async Task A_run_cancelled_half_way_keeps_its_results_and_resumes_with_exactly_n_rows()
    {
        var task = StoreSamples.Dataset(count: N);
        using var cts = new CancellationTokenSource();
        _scorers.AfterBatch = batch =>
        {
            if (batch == 2)
            {
                cts.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _service.RunAsync(task, StoreSamples.Model(), new ScoringSettings(), cancellationToken: cts.Token));

        var runId = RunKey.For(StoreSamples.Model(), task.Sha256, new ScoringSettings());
        var cancelled = _store.GetRun(runId)!;
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.Equal(6, cancelled.Completed);
        var scoredBefore = _scorers.Scored.ToHashSet();

        _scorers.AfterBatch = null;
        _scorers.Scored.Clear();
        var resumed = await _service.RunAsync(task, StoreSamples.Model(), new ScoringSettings());

        // Only the examples without a stored result were scored the second time.
        Assert.Equal(N - 6, _scorers.Scored.Count);
        Assert.Empty(_scorers.Scored.Intersect(scoredBefore));
        Assert.Equal(RunStatus.Complete, resumed.Status);
        Assert.Equal(N, resumed.Completed);
        var rows = _store.GetResults(runId);
        Assert.Equal(Enumerable.Range(0, N), rows.Select(r => r.Index));

        var uninterrupted = new EvaluationService(_store, new DeterministicScorerFactory(), NullLogger<EvaluationService>.Instance);
        var reference = await uninterrupted.RunAsync(task, StoreSamples.Model("reference"), new ScoringSettings());
        Assert.Equal(reference.Aggregate, resumed.Aggregate);
    }

    [Fact]
    public async Task A_failing_scorer_marks_the_run_failed_with_its_message_and_keeps_what_was_written()
    {
        var task = StoreSamples.Dataset(count: N);
        _scorers.AfterBatch = batch =>
        {
            if (batch == 1)
            {
                throw new InvalidOperationException("model.onnx: output 'logits' has vocabulary 512, tokenizer has 32000");
            }
        };

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _service.RunAsync(task, StoreSamples.Model(), new ScoringSettings()));

        var run = _store.GetRuns().Single();
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal(ex.Message, run.Error);
        Assert.Equal(3, run.Completed);

        _scorers.AfterBatch = null;
        var retried = await _service.RunAsync(task, StoreSamples.Model(), new ScoringSettings());
        Assert.Equal(RunStatus.Complete, retried.Status);
        Assert.Null(retried.Error);
        Assert.Equal(N, _store.GetResults(run.Id).Count);
    }

    /// <summary><see cref="Progress{T}"/> posts to the thread pool; tests need the reports in order, at once.</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
