using System.Diagnostics;
using InverseScaling.Engine;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Benchmarks;

/// <summary>
/// The command line killed with SIGKILL at random moments while it scores, imports several files, or seeds the
/// bundled content into a new database, in turn. After every kill the database must open; every run must hold each
/// example at most once and exactly as many results as it says; nothing seen stored before the kill may be gone
/// (a kill loses at most the batch in flight); a multi-file import is all or nothing. Each interrupted job is then
/// run again to its end and compared with an uninterrupted one: the same per-example CSV, byte for byte, and the same
/// stored runs after seeding.
/// </summary>
internal static class KillBenchmark
{
    public static void Run(int cycles)
    {
        var folder = Directory.CreateTempSubdirectory("inverse-scaling-kill-");
        try
        {
            new Harness(folder.FullName).Run(cycles);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private sealed class Harness(string folder)
    {
        private readonly Random _random = new(14);
        private readonly string _task = Path.Combine(BundledContent.Datasets, "hindsight-neglect_classification.jsonl");
        private readonly string _model = Path.Combine(BundledContent.Models, "stories260K");
        private readonly string[] _imports = new[] { "ada", "babbage", "curie", "davinci" }.Select(m => Path.Combine(BundledContent.Results, "neqa-gpt3", m + ".csv")).ToArray();
        private readonly List<string> _failures = [];
        private int _kills;
        private int _finishedBeforeKill;
        private int _resumedIdentical;

        public void Run(int cycles)
        {
            var clock = Stopwatch.StartNew();
            var referenceCsv = Path.Combine(folder, "reference.csv");
            Require(Exec(Database("reference-score"), seed: false, "score", "-m", _model, "-t", _task, "--out", referenceCsv) == 0, "reference score");
            Require(Exec(Database("reference-seed"), seed: true, "runs") == 0, "reference seeding");
            var referenceRuns = Snapshot(Database("reference-seed"));

            for (var cycle = 0; cycle < cycles; cycle++)
            {
                var (kills, failures) = (_kills, _failures.Count);
                switch (cycle % 3)
                {
                    case 0: ScoreCycle(cycle, referenceCsv); break;
                    case 1: ImportCycle(cycle); break;
                    default: SeedCycle(cycle, referenceRuns); break;
                }

                // One line per cycle, so a long run shows where it is.
                Console.WriteLine($"  cycle {cycle,3} {(cycle % 3 == 0 ? "score" : cycle % 3 == 1 ? "import" : "seed"),-6} {(_kills > kills ? "killed" : "finished first")}, {_failures.Count - failures} failed checks");
            }

            Console.WriteLine();
            Console.WriteLine($"kill -9 harness ({cycles} cycles: score, multi-file import, first-start seeding in turn) in {clock.Elapsed.TotalSeconds:F0} s");
            Console.WriteLine($"  processes killed mid-job          {_kills}");
            Console.WriteLine($"  finished before the kill          {_finishedBeforeKill}");
            Console.WriteLine($"  resumed to identical results      {_resumedIdentical} of {cycles}");
            Console.WriteLine($"  failed checks                     {_failures.Count}");
            foreach (var failure in _failures)
            {
                Console.WriteLine("    " + failure);
            }
        }

        private void ScoreCycle(int cycle, string referenceCsv)
        {
            var database = Database($"score-{cycle}");
            var seen = KillAfterRandomDelay(database, seed: false, 200, 4_000, "score", "-m", _model, "-t", _task);
            Check(cycle, database, seen);
            var csv = Path.Combine(folder, $"score-{cycle}.csv");
            Require(Exec(database, seed: false, "score", "-m", _model, "-t", _task, "--out", csv) == 0, $"cycle {cycle}: resumed score");
            Count(File.ReadAllBytes(csv).AsSpan().SequenceEqual(File.ReadAllBytes(referenceCsv)), cycle, "resumed CSV differs from the uninterrupted one");
        }

        private void ImportCycle(int cycle)
        {
            var database = Database($"import-{cycle}");
            string[] args = ["import", .. _imports, "--task", Path.Combine(BundledContent.Datasets, "neqa_classification.jsonl")];
            var seen = KillAfterRandomDelay(database, seed: false, 100, 3_000, args);
            Check(cycle, database, seen);
            var stored = Snapshot(database).Count;
            if (stored is not (0 or 4))
            {
                _failures.Add($"cycle {cycle}: {stored} of the 4 files' runs stored: not all or nothing");
            }

            Require(Exec(database, seed: false, args) == 0, $"cycle {cycle}: import again");
            Count(Snapshot(database).Count == 4, cycle, "the import run again does not hold the 4 runs");
        }

        private void SeedCycle(int cycle, IReadOnlyDictionary<string, int> reference)
        {
            var database = Database($"seed-{cycle}");
            var seen = KillAfterRandomDelay(database, seed: true, 100, 4_000, "runs");
            Check(cycle, database, seen);
            Require(Exec(database, seed: true, "runs") == 0, $"cycle {cycle}: start again");
            var runs = Snapshot(database);
            Count(runs.Count == reference.Count && runs.All(r => reference.GetValueOrDefault(r.Key, -1) == r.Value), cycle, "the seeded runs differ from an uninterrupted first start");
        }

        private void Count(bool identical, int cycle, string failure)
        {
            if (identical)
            {
                _resumedIdentical++;
            }
            else
            {
                _failures.Add($"cycle {cycle}: {failure}");
            }
        }

        /// <summary>Starts the job, kills it after a random delay and returns what was seen stored just before the kill.</summary>
        private IReadOnlyDictionary<string, int> KillAfterRandomDelay(string database, bool seed, int fromMs, int toMs, params string[] args)
        {
            using var process = Start(database, seed, args);
            var deadline = Stopwatch.StartNew();
            var delay = TimeSpan.FromMilliseconds(_random.Next(fromMs, toMs));
            var seen = new Dictionary<string, int>();
            while (deadline.Elapsed < delay && !process.HasExited)
            {
                Thread.Sleep(50);
                seen = Snapshot(database, tolerateBusy: true) ?? seen;
            }

            if (process.HasExited)
            {
                _finishedBeforeKill++;
                return seen;
            }

            process.Kill();
            process.WaitForExit();
            _kills++;
            return seen;
        }

        /// <summary>The database opens; every run holds each index once, as many as it says; nothing seen before the kill is gone.</summary>
        private void Check(int cycle, string database, IReadOnlyDictionary<string, int> seenBeforeKill)
        {
            if (!File.Exists(database))
            {
                return;
            }

            try
            {
                using var store = new LiteDbResultsStore(database);
                foreach (var run in store.GetRuns())
                {
                    var indices = store.GetResults(run.Id).Select(r => r.Index).ToList();
                    if (indices.Count != indices.Distinct().Count())
                    {
                        _failures.Add($"cycle {cycle}: {run.TaskName} × {run.ModelName} holds an example twice");
                    }

                    if (run.Source.HasPerExampleResults && indices.Count != run.Completed)
                    {
                        _failures.Add($"cycle {cycle}: {run.TaskName} × {run.ModelName} says {run.Completed} results but holds {indices.Count}");
                    }

                    if (seenBeforeKill.TryGetValue(run.Id, out var seen) && run.Completed < seen)
                    {
                        _failures.Add($"cycle {cycle}: {run.TaskName} × {run.ModelName} had {seen} results before the kill, {run.Completed} after");
                    }
                }
            }
            catch (Exception ex)
            {
                _failures.Add($"cycle {cycle}: the database does not open after the kill: {ex.Message}");
            }
        }

        /// <summary>Completed results per run, read as a second process would; null when the database is busy or not there yet.</summary>
        private static Dictionary<string, int>? Snapshot(string database, bool tolerateBusy)
        {
            if (!File.Exists(database))
            {
                return null;
            }

            try
            {
                using var store = new LiteDbResultsStore(database, TimeSpan.FromSeconds(tolerateBusy ? 1 : 30));
                return store.GetRuns().ToDictionary(r => r.Id, r => r.Completed);
            }
            catch (ResultsStoreUnavailableException) when (tolerateBusy)
            {
                return null;
            }
        }

        private static Dictionary<string, int> Snapshot(string database) => Snapshot(database, tolerateBusy: false) ?? [];

        private string Database(string name) => Path.Combine(folder, name, "results.litedb");

        private void Require(bool condition, string what)
        {
            if (!condition)
            {
                _failures.Add(what + " failed");
            }
        }

        private int Exec(string database, bool seed, params string[] args)
        {
            using var process = Start(database, seed, args);
            process.WaitForExit();
            return process.ExitCode;
        }

        private Process Start(string database, bool seed, string[] args) => CliProcess.Start(folder, database, seed, args);
    }
}
