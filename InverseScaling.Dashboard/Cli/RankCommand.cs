using System.CommandLine;
using System.Globalization;
using InverseScaling.Dashboard.Model;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Cli;

/// <summary>
/// <c>rank [--metric loss|acc] [--family F] [--top N]</c>: where does a family get worse with scale? Every task × family
/// with at least three sizes, strongest inverse scaling first (see <see cref="InverseScalingRanking"/>).
/// </summary>
internal static class RankCommand
{
    public static Command Create(CliContext context)
    {
        var metric = new Option<string?>("--metric") { Description = "loss or acc (default: loss where every size has it, else accuracy)." };
        metric.AcceptOnlyFromAmong("loss", "acc");
        var family = new Option<string?>("--family") { Description = "Only this model family." };
        var top = new Option<int?>("--top") { Description = "Only the N strongest." };
        top.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is <= 0) r.AddError("--top must be positive."); });
        var command = new Command("rank", "Rank tasks by how much a model family gets worse with scale (inverse-scaling strength with a 95 % interval).")
        {
            metric, family, top,
        };
        command.SetAction(parse => context.Run(() => Rank(
            context,
            parse.GetValue(metric) switch { "loss" => ScalingMetric.Loss, "acc" => ScalingMetric.Accuracy, _ => null },
            parse.GetValue(family),
            parse.GetValue(top))));
        return command;
    }

    private static int Rank(CliContext context, ScalingMetric? metric, string? family, int? top)
    {
        var store = context.GetRequiredService<IResultsStore>();
        var tasks = store.GetRuns().GroupBy(r => r.TaskName).Select(g => (g.Key, (IReadOnlyList<RunRecord>)g.ToList()));
        var ranked = InverseScalingRanking.Rank(tasks, metric, r => store.GetResults(r.Id))
            .Where(c => family is null || string.Equals(c.Family, family, StringComparison.OrdinalIgnoreCase))
            .Take(top ?? int.MaxValue)
            .ToArray();

        var table = new ConsoleTable(
            new("#", AlignRight: true), new("task"), new("family"), new("metric"), new("strength", AlignRight: true),
            new("95 % interval", AlignRight: true), new("from"), new("verdict"), new("sizes", AlignRight: true), new("curve"));
        foreach (var (curve, i) in ranked.Select((c, i) => (c, i)))
        {
            table.AddRow(
                (i + 1).ToString(CultureInfo.InvariantCulture),
                curve.Task,
                curve.Family,
                curve.Metric == ScalingMetric.Loss ? "loss" : "acc",
                curve.Strength.ToString("+0.000;-0.000", CultureInfo.InvariantCulture),
                curve.Low is { } low && curve.High is { } high
                    ? $"[{low.ToString("+0.000;-0.000", CultureInfo.InvariantCulture)}, {high.ToString("+0.000;-0.000", CultureInfo.InvariantCulture)}]"
                    : CliFormat.Missing,
                curve.Interval switch { StrengthInterval.Bootstrap => "bootstrap", StrengthInterval.Sem => "SEM", _ => "no SEM" },
                curve.Verdict.Label(),
                curve.Points.Count.ToString(CultureInfo.InvariantCulture),
                Sparkline.Text(curve.Points.Select(p => p.Value).ToArray()));
        }

        context.Console.Out.WriteLine($"Inverse-scaling strength ({table.RowCount} curve{(table.RowCount == 1 ? "" : "s")}, strongest first):");
        table.Write(context.Console.Out);
        context.Console.Out.WriteLine("  " + InverseScalingRanking.Explanation);
        return ExitCodes.Success;
    }
}
