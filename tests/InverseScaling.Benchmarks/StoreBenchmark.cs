using System.Diagnostics;
using System.Globalization;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Benchmarks;

/// <summary>
/// The results store at the largest size the dashboard must handle: sig-figs' 20,897 rows × 8 model sizes. Each figure
/// is printed with its budget and the ratio of the two (below 1 is within budget). The budgets come from the dashboard:
/// a page that opens a task reads every size of it, so a cold read of all eight must fit in about a second and a half,
/// and a repeat read (the page re-rendering) must be free.
/// </summary>
internal static class StoreBenchmark
{
    private const int Rows = 20_897;
    private const int Sizes = 8;

    public static void Run()
    {
        var folder = Directory.CreateTempSubdirectory("inverse-scaling-bench-");
        try
        {
            var path = Path.Combine(folder.FullName, "results.db");
            var results = Enumerable.Range(0, Rows).Select(Result).ToArray();

            var append = Stopwatch.StartNew();
            var import = new Stopwatch();
            using (var store = new LiteDbResultsStore(path))
            {
                var run = store.GetOrCreateRun(Run(0));
                foreach (var chunk in results.Chunk(512))
                {
                    store.AppendResults(run.Id, chunk);
                }

                store.UpdateRun(store.GetRun(run.Id)! with { Status = RunStatus.Complete, Completed = Rows });
                append.Stop();
                import.Start();
                for (var size = 1; size < Sizes; size++)
                {
                    store.ImportRun(Run(size) with { Status = RunStatus.Complete, Completed = Rows }, results);
                }

                import.Stop();
            }

            using var reopened = new LiteDbResultsStore(path);
            var cold = Stopwatch.StartNew();
            var read = Enumerable.Range(0, Sizes).Sum(size => reopened.GetResults(RunId(size)).Count);
            cold.Stop();
            var warm = Stopwatch.StartNew();
            read += reopened.GetResults(RunId(3)).Count;
            warm.Stop();
            var indices = Stopwatch.StartNew();
            read += reopened.GetCompletedIndices(RunId(5)).Count;
            indices.Stop();
            if (read != (Sizes + 2) * Rows)
            {
                throw new InvalidOperationException($"read {read} rows, expected {(Sizes + 2) * Rows}");
            }

            Console.WriteLine();
            Console.WriteLine($"Store: {Rows} rows × {Sizes} sizes, {new FileInfo(path).Length / (1024.0 * 1024.0):F1} MiB on disk");
            Report("append", $"{Rows} rows in batches of 512", append.Elapsed, TimeSpan.FromSeconds(3));
            Report("import", $"{Sizes - 1} runs × {Rows} rows", import.Elapsed, TimeSpan.FromSeconds(10));
            Report("cold read", $"all {Sizes} sizes from a reopened file", cold.Elapsed, TimeSpan.FromSeconds(1.5));
            Report("cached read", "one size again", warm.Elapsed, TimeSpan.FromMilliseconds(1));
            Report("resume scan", "completed indices of one run", indices.Elapsed, TimeSpan.FromSeconds(0.5));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void Report(string what, string detail, TimeSpan measured, TimeSpan budget) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {what,-12} {detail,-40} {measured.TotalMilliseconds,9:F1} ms   budget {budget.TotalMilliseconds,7:F0} ms   ratio {measured / budget,5:F2}"));

    private static string RunId(int size) => "bench-" + size.ToString(CultureInfo.InvariantCulture);

    private static RunRecord Run(int size) => new()
    {
        Id = RunId(size),
        TaskName = "sig-figs",
        ModelName = "size-" + size.ToString(CultureInfo.InvariantCulture),
        Family = "benchmark",
        Parameters = 1L << (20 + size),
        Source = RunSource.Local,
        Total = Rows,
    };

    // Two classes with per-token scores, the shape a real classification row has.
    private static ExampleResult Result(int index)
    {
        double[] logprobs = [-1.0 - index % 97 / 13.0, -2.0 + index % 89 / 17.0];
        return ExampleResult.Classified(index, logprobs, index % 2) with
        {
            ClassTokens = [[new TokenScore(317, " A", logprobs[0])], [new TokenScore(12, " B", logprobs[1] / 2), new TokenScore(13, "!", logprobs[1] / 2)]],
        };
    }
}
