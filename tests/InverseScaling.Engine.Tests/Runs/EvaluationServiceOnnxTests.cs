using System.Diagnostics;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;
using InverseScaling.Engine.Tests.Import;
using InverseScaling.Engine.Tests.Storage;
using InverseScaling.Engine.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace InverseScaling.Engine.Tests.Runs;

/// <summary>The evaluation service on a real bundled model (stories260K) through the Engine's DI registration.</summary>
public sealed class EvaluationServiceOnnxTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private ServiceProvider Engine()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddInverseScalingEngine(o =>
        {
            o.DatabasePath = _db.Path;
            o.IntraOpThreads = 2;
        });
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Interrupted_real_run_resumes_to_exactly_n_rows_and_is_then_served_from_the_cache()
    {
        var task = ImportFixtures.Neqa;
        var model = ModelFolder.Load(Path.Combine(BundledContent.Models, "stories260K"));
        using (var provider = Engine())
        {
            var service = provider.GetRequiredService<IEvaluationService>();
            using var cts = new CancellationTokenSource();
            var interrupted = new SyncProgress(p =>
            {
                if (p.Completed > 0)
                {
                    cts.Cancel();
                }
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => service.RunAsync(task, model, new ScoringSettings(), interrupted, cts.Token));
            var cancelled = provider.GetRequiredService<IResultsStore>().GetRuns().Single();
            Assert.Equal(RunStatus.Cancelled, cancelled.Status);
            Assert.InRange(cancelled.Completed, 1, task.Examples.Count - 1);
            output.WriteLine($"cancelled after {cancelled.Completed} of {task.Examples.Count}");
        }

        // A new process: the store is reopened from the file.
        using (var provider = Engine())
        {
            var service = provider.GetRequiredService<IEvaluationService>();
            var store = provider.GetRequiredService<IResultsStore>();
            var clock = Stopwatch.StartNew();
            var run = await service.RunAsync(task, model, new ScoringSettings());
            output.WriteLine($"resumed and completed in {clock.ElapsedMilliseconds} ms");

            Assert.Equal((RunStatus.Complete, 300, 300), (run.Status, run.Total, run.Completed));
            var rows = store.GetResults(run.Id);
            Assert.Equal(Enumerable.Range(0, 300), rows.Select(r => r.Index));
            Assert.All(rows, r => Assert.Equal(2, r.ClassLogprobs.Count));
            Assert.Equal(Aggregator.Compute(rows.ToArray(), task), run.Aggregate);

            clock.Restart();
            var reports = new List<RunProgress>();
            var cached = await service.RunAsync(task, model, new ScoringSettings(), new SyncProgress(reports.Add));
            output.WriteLine($"cached answer in {clock.Elapsed.TotalMilliseconds:F1} ms");
            Assert.True(Assert.Single(reports).FromCache);
            Assert.Equal(run.Aggregate, cached.Aggregate);
        }
    }

    [Fact]
    public async Task A_task_partly_beyond_the_context_completes_with_the_rest_scored_and_the_reasons_stored()
    {
        // llama2xs-279K has a context of 256 tokens; line 2's second class alone is about 400.
        var huge = string.Concat(Enumerable.Repeat("and then ", 200));
        var task = TaskFileReader.Read(System.Text.Encoding.UTF8.GetBytes(string.Join("\n",
            """{"prompt": "Once upon a time, there was a", "classes": "[' dog', ' cat']", "answer_index": 0}""",
            $$"""{"prompt": "Once", "classes": "[' yes', ' {{huge}}', ' no']", "answer_index": 1}""",
            """{"prompt": "Tom had a ball. He liked to", "classes": "[' play', ' sleep']", "answer_index": 1}""")), "partly-too-long.jsonl");
        var model = ModelFolder.Load(Path.Combine(BundledContent.Models, "llama2xs-279K"));
        RunRecord run;
        using (var provider = Engine())
        {
            run = await provider.GetRequiredService<IEvaluationService>().RunAsync(task, model, new ScoringSettings());
        }

        Assert.Equal((RunStatus.Complete, 3, 3), (run.Status, run.Total, run.Completed));
        Assert.Equal((2, 1), (run.Aggregate!.Count, run.Aggregate.NotScored));
        // Chance over the two scored 2-class examples only, not the 3-class one.
        Assert.Equal(Math.Log(2), run.Aggregate.LossBaseline!.Value, 12);

        using (var provider = Engine())
        {
            var store = provider.GetRequiredService<IResultsStore>();
            var rows = store.GetResults(run.Id);
            Assert.Equal([true, false, true], rows.Select(r => r.Scored));
            Assert.Matches(@"^class 2 alone needs \d+ tokens after the prompt, more than the model's context of 256$", rows[1].NotScoredReason);
            Assert.Equal(rows.Where(r => r.Scored).Average(r => r.Loss), store.GetRun(run.Id)!.Aggregate!.MeanLoss!.Value, 12);
            Assert.Equal(run.Aggregate, store.GetRun(run.Id)!.Aggregate);
        }
    }

    private sealed class SyncProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
