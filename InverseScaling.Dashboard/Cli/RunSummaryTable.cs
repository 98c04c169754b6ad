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
        new("model"), new("params", AlignRight: true), new("n", AlignRight: true), new("loss ± SEM", AlignRight: true),
        new("acc", AlignRight: true), new("acc_norm", AlignRight: true), new("class mass", AlignRight: true),
        new("truncated", AlignRight: true), new("source"), new("tok/s", AlignRight: true), new("time", AlignRight: true));

    private readonly List<string> _files = [];
    private double? _baseline;
    private double? _chanceAccuracy;

    public void Add(RunRecord run, RunProgress? lastProgress, TimeSpan elapsed)
    {
        var a = run.Aggregate;
        _baseline ??= a?.LossBaseline;
        _chanceAccuracy ??= a?.AccuracyBaseline;
        var cached = lastProgress?.FromCache ?? false;
        _table.AddRow(
            run.ModelName,
            CliFormat.Scale(run.Parameters),
            CliFormat.Count(a?.Count ?? run.Completed),
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

        foreach (var file in _files)
        {
            output.WriteLine($"  wrote {file}");
        }
    }
}
