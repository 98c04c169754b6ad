// The engine's speed and memory figures, printed with their ratios; the targets live here, not in timed unit tests.
//
//   dotnet run -c Release --project tests/InverseScaling.Benchmarks [-- scoring|store|import|kill|stream] [--baseline-examples N] [--threads T] [--cycles C]
//
// scoring: every bundled model on the bundled Prize datasets, against the naive baseline of the reference pipelines.
// store:   a sig-figs-sized task (20,897 rows) × 8 model sizes written to and read back from LiteDB.
// import:  a generated lm-eval output tree (20 models × 60 tasks, results + samples) imported as one folder.
// kill:    the command line killed with SIGKILL at random moments of scoring, import and seeding (--cycles, default 51).
// stream:  a 500 MB lm-eval samples file imported; the peak working set (run it alone: the peak is the process's).
// With none, scoring, store and import run.
using System.Diagnostics;
using System.Globalization;
using InverseScaling.Benchmarks;

var sections = args.Where(a => a is "scoring" or "store" or "import" or "kill" or "stream").ToHashSet(StringComparer.Ordinal);
var all = sections.Count == 0;
Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}");

if (all || sections.Contains("scoring"))
{
    await ScoringBenchmark.RunAsync(IntArgument("--baseline-examples", 40), IntArgument("--threads", Environment.ProcessorCount));
}

if (all || sections.Contains("store"))
{
    StoreBenchmark.Run();
}

if (all || sections.Contains("import"))
{
    ImportBenchmark.Run();
}

if (sections.Contains("kill"))
{
    KillBenchmark.Run(IntArgument("--cycles", 51));
}

if (sections.Contains("stream"))
{
    StreamingImportBenchmark.Run();
}

Console.WriteLine();
Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F0} MiB");
return;

int IntArgument(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
