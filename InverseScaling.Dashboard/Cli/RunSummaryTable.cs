using System.Globalization;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;
using InverseScaling.Engine.Runs;

namespace InverseScaling.Dashboard.Cli;

/// <summary>The table <c>score</c> prints for one task: a row per model with the Prize metrics and where they came from.</summary>
internal sealed class RunSummaryTable(TaskDataset task, ScoringSettings settings)
{
    private readonly ConsoleTable _table = new(
        new("model"), new("params", AlignRight: true), new("n", AlignRight: true),
        new(task.Type.IsLogodds() ? (task.Type == TaskType.AbsoluteLogodds ? "|logodds diff| ± SEM" : "logodds diff ± SEM") : "loss ± SEM", AlignRight: true),
        new("acc", AlignRight: true), new("acc_norm", AlignRight: true), new("class mass", AlignRight: true),
        new("truncated", AlignRight: true), new("source"), new("tok/s", AlignRight: true), new("time", AlignRight: true));

    private readonly List<string> _files = [];
    private readonly List<string> _notScored = [];
    private double? _baseline;
    private double? _chanceAccuracy;

    /// <param name="model">The name the model was asked for by: a cached run keeps the name of the folder first scored
    /// with the same content (a renamed or copied model reuses its results), which is not the one the user gave.</param>
    public void Add(string model, RunRecord run, RunProgress? lastProgress, TimeSpan elapsed)
    {
        var a = run.Aggregate;
        _baseline ??= a?.LossBaseline;
        _chanceAccuracy ??= a?.AccuracyBaseline;
        var cached = lastProgress?.FromCache ?? false;
        _table.AddRow(
            model,
            CliFormat.Scale(run.Parameters),
            a is null ? CliFormat.Count(run.Completed) : CliFormat.Scored(a),
            CliFormat.Loss(a),
            CliFormat.Accuracy(a),
            CliFormat.AccuracyNorm(a),
            CliFormat.ClassMass(a),
            CliFormat.Count(a?.Truncated ?? 0),
            cached ? "cached" : "scored",
            cached || lastProgress is null ? CliFormat.Missing : lastProgress.TokensPerSecond.ToString("N0", CultureInfo.InvariantCulture),
            elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s");
    }

    public void AddFile(string path) => _files.Add(path);

    /// <summary>Lists the examples <paramref name="model"/> could not score, with why (the table's n leaves them out).</summary>
    public void AddNotScored(string model, IEnumerable<ExampleResult> results)
    {
        var examples = task.Examples.ToDictionary(e => e.Index);
        foreach (var r in results.Where(r => !r.Scored))
        {
            var line = examples.TryGetValue(r.Index, out var example) ? $" (line {example.Line})" : "";
            _notScored.Add($"  not scored by {model}: example {r.Index}{line}: {r.NotScoredReason}");
        }
    }

    public void Write(TextWriter output)
    {
        if (_table.RowCount == 0)
        {
            return;
        }

        var shots = settings.Shots == 0 ? "zero-shot" : $"{settings.Shots}-shot (seed {settings.Seed})";
        output.WriteLine();
        output.WriteLine($"{task.Name} — {task.Examples.Count} examples, {task.Type}, {shots}");
        _table.Write(output);
        if (_baseline is not null)
        {
            output.WriteLine($"  chance: loss {CliFormat.Fixed(_baseline)} (mean ln #classes), acc {CliFormat.Fixed(_chanceAccuracy)}");
        }

        foreach (var line in _notScored)
        {
            output.WriteLine(line);
        }

        foreach (var file in _files)
        {
            output.WriteLine($"  wrote {file}");
        }
    }
}
