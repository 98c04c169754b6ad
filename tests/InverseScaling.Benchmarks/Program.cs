// The engine's speed and memory figures, printed with their ratios; the targets live here, not in timed unit tests.
//
//   dotnet run -c Release --project tests/InverseScaling.Benchmarks [-- scoring|store|import|llama|tokenizers|kill|stream] [--baseline-examples N] [--threads T]
//        [--models S15,S110] [--tasks memo-trap,neqa] [--repeat R] [--check-examples N] [--full-logits] [--cycles C]
//
// scoring: every bundled model on the bundled Prize datasets, against the naive baseline of the reference pipelines.
// store:   a sig-figs-sized task (20,897 rows) × 8 model sizes written to and read back from LiteDB.
// import:  a generated lm-eval output tree (20 models × 60 tasks, results + samples) imported as one folder.
// llama:   random-weight LLaMA graphs of real shape (S15, S110; generated here, deterministic, cached in
//          ~/.cache/inverse-scaling-benchmark: 61 MB and 438 MB) on memo-trap and NeQA against the raw session.Run
//          floor of the same graph; --full-logits also times the engine with the LM head at every position.
// tokenizers: the fixtures' real tokenizer.json files (GPT-2, Llama-3, Qwen3, Gemma-3): load time, and tokenising
//          memo-trap and NeQA as the scorer does, on one core and on all.
// kill:    the command line killed with SIGKILL at random moments of scoring, import and seeding (--cycles, default 51).
// stream:  a 500 MB lm-eval samples file imported; the peak working set (run it alone: the peak is the process's).
// With none named, scoring, store and import run (llama takes minutes and half a gigabyte of disk).
using System.Diagnostics;
using System.Globalization;
using InverseScaling.Benchmarks;

var sections = args.Where(a => a is "scoring" or "store" or "import" or "llama" or "tokenizers" or "kill" or "stream").ToHashSet(StringComparer.Ordinal);
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

if (sections.Contains("llama"))
{
    var graphs = StringArgument("--models", "S15,S110").Split(',').Select(n => n switch
    {
        "S15" => LlamaGraph.S15,
        "S110" => LlamaGraph.S110,
        _ => throw new ArgumentException($"--models: unknown model {n} (S15 or S110)"),
    }).ToList();
    await LlamaBenchmark.RunAsync(
        graphs,
        StringArgument("--tasks", "memo-trap,neqa").Split(','),
        IntArgument("--threads", Environment.ProcessorCount),
        IntArgument("--repeat", 3),
        IntArgument("--check-examples", 40),
        args.Contains("--full-logits"));
}

if (sections.Contains("tokenizers"))
{
    TokenizerBenchmark.Run(IntArgument("--repeat", 3));
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

string StringArgument(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

int IntArgument(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
