using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Benchmarks;

/// <summary>
/// A whole lm-evaluation-harness output tree imported in one step (issue 10): a family of 20 sizes × 60 multiple-choice
/// tasks, each model folder holding its <c>results_*.json</c> and one <c>samples_*.jsonl</c> per task (200 four-choice
/// questions each, lm-eval 0.4's layout), generated here. Budget: under a minute on the project's machine.
/// </summary>
internal static class ImportBenchmark
{
    private const int Models = 20;
    private const int Tasks = 60;
    private const int Questions = 200;
    private const int Choices = 4;
    private const string Date = "2025-01-01T00-00-00.000000";

    public static void Run()
    {
        var folder = Directory.CreateTempSubdirectory("inverse-scaling-import-bench-");
        try
        {
            var tree = Path.Combine(folder.FullName, "lm-eval-out");
            var bytes = WriteTree(tree);
            using var store = new LiteDbResultsStore(Path.Combine(folder.FullName, "results.litedb"));
            var importer = new FolderImporter(store, new ResultsImporter(store));

            // CPU time beside wall time: on a machine shared with other work the wall clock measures the neighbours too.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var import = Stopwatch.StartNew();
            var summary = importer.Import(tree);
            import.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var runs = summary.Runs.Count;
            if (runs != Models * Tasks || summary.Files.Count(f => f.Skipped is null) != Models * Tasks)
            {
                throw new InvalidOperationException(
                    $"imported {runs} runs from {summary.Read} files, expected {Models * Tasks}: " +
                    string.Join("; ", summary.Files.Where(f => f.Skipped is not null && !f.Path.EndsWith(".json", StringComparison.Ordinal)).Take(3).Select(f => f.Skipped)));
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Folder import: {Models} models × {Tasks} tasks × {Questions} questions ({summary.Files.Count} files, {bytes / (1024.0 * 1024.0):F1} MiB)"));
            var budget = TimeSpan.FromMinutes(1);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {"import DIR",-12} {$"{runs} runs, {Models * Tasks * Questions:N0} examples",-40} {import.Elapsed.TotalMilliseconds,9:F1} ms   budget {budget.TotalMilliseconds,7:F0} ms   ratio {import.Elapsed / budget,5:F2}"));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {"  CPU time",-12} {$"load average {LoadAverage()} on {Environment.ProcessorCount} cores",-40} {cpu.TotalMilliseconds,9:F1} ms   budget {budget.TotalMilliseconds,7:F0} ms   ratio {cpu / budget,5:F2}"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The 1-minute load average (Linux), to tell a slow import from a busy machine.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    /// <summary>Writes the tree; returns its size in bytes. Log-likelihoods are deterministic in (model, task, question, choice).</summary>
    private static long WriteTree(string tree)
    {
        long bytes = 0;
        for (var m = 0; m < Models; m++)
        {
            var parameters = (long)(14e6 * Math.Pow(1.5, m));
            var name = $"bench-lm-{parameters / 1_000_000}m";
            var modelFolder = Directory.CreateDirectory(Path.Combine(tree, "acme__" + name)).FullName;
            var results = new Dictionary<string, object>();
            for (var t = 0; t < Tasks; t++)
            {
                var task = $"bench_task_{t:D2}";
                var lines = new StringBuilder();
                var correct = 0;
                for (var q = 0; q < Questions; q++)
                {
                    var context = $"Task {t}, question {q}: which of the four is right?\nAnswer:";
                    var lls = Enumerable.Range(0, Choices).Select(c => -1.0 - ((m * 7 + t * 3 + q * 5 + c * 11) % 23) / 7.0).ToArray();
                    var gold = q % Choices;
                    var hit = Array.IndexOf(lls, lls.Max()) == gold;
                    correct += hit ? 1 : 0;
                    lines.Append(JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["doc_id"] = q,
                        ["doc"] = new Dictionary<string, object> { ["question"] = q, ["answer"] = gold },
                        ["target"] = gold.ToString(CultureInfo.InvariantCulture),
                        ["arguments"] = Enumerable.Range(0, Choices).ToDictionary(
                            c => $"gen_args_{c}", c => new Dictionary<string, string> { ["arg_0"] = context, ["arg_1"] = $" choice {c}" }),
                        ["resps"] = lls.Select(l => new[] { new[] { l.ToString("R", CultureInfo.InvariantCulture), "False" } }).ToArray(),
                        ["filtered_resps"] = lls.Select(l => new[] { l.ToString("R", CultureInfo.InvariantCulture), "False" }).ToArray(),
                        ["filter"] = "none",
                        ["metrics"] = new[] { "acc" },
                        ["acc"] = hit ? 1.0 : 0.0,
                    })).Append('\n');
                }

                var path = Path.Combine(modelFolder, $"samples_{task}_{Date}.jsonl");
                File.WriteAllText(path, lines.ToString());
                bytes += new FileInfo(path).Length;
                results[task] = new Dictionary<string, object> { ["alias"] = task, ["acc,none"] = correct / (double)Questions, ["acc_stderr,none"] = 0.03 };
            }

            var resultsPath = Path.Combine(modelFolder, $"results_{Date}.json");
            File.WriteAllText(resultsPath, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["results"] = results,
                ["config"] = new Dictionary<string, object> { ["model"] = "hf", ["model_args"] = $"pretrained=acme/{name}", ["model_num_parameters"] = parameters },
                ["model_name"] = "acme/" + name,
            }));
            bytes += new FileInfo(resultsPath).Length;
        }

        return bytes;
    }
}
