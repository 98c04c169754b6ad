using System.Globalization;
using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Model;

/// <summary>One model's evidence on one example.</summary>
public sealed record ModelEvidence(RunRecord Run, ExampleResult? Result, IReadOnlyList<double>? Probabilities)
{
    /// <summary>Whether the model got the example right; null where unknown (see <see cref="ModelColumn.CorrectnessKnown"/>).</summary>
    public bool? Correct => ModelColumn.CorrectnessKnown(Run) && Result is { Scored: true } r ? r.Correct : null;

    public string Model => Run.ModelName;

    /// <summary>Raw per-class log-probs are present (imports of the official pipeline's CSV carry none).</summary>
    public bool HasClassLogprobs => Result is { ClassLogprobs.Count: > 0 };

    /// <summary>Logodds tasks: the classes' probabilities renormalised after <c>other_prompt</c>; null otherwise.</summary>
    public IReadOnlyList<double>? OtherProbabilities =>
        Result is { OtherClassLogprobs.Count: > 0 } r ? ExampleDetailView.Renormalise(r.OtherClassLogprobs) : null;
}

/// <summary>Everything the example page shows: the example, each model's evidence, and its place in the filter.</summary>
public sealed record ExampleDetailView(
    TaskExample Example,
    IReadOnlyList<ModelEvidence> Models,
    IReadOnlyList<(string Column, string Value)> Metadata,
    int? Previous,
    int? Next,
    int Position,
    int FilteredCount)
{
    public static ExampleDetailView? Build(ExamplesView view, int exampleIndex)
    {
        var row = view.Results.RowOf(exampleIndex);
        if (row < 0)
        {
            return null;
        }

        var models = view.Models.Select(m =>
        {
            var result = m.Results[row];
            var probabilities = result is { ClassLogprobs.Count: > 0 } ? Renormalise(result.ClassLogprobs)
                : view.Results.Dataset.Type.IsLogodds() ? null
                : FromLoss(result, view.Results.Dataset.Examples[row]);
            return new ModelEvidence(m.Run, result, probabilities);
        }).ToList();
        var (previous, next, position) = view.Neighbours(exampleIndex);
        return new ExampleDetailView(
            view.Results.Dataset.Examples[row],
            models,
            view.Metadata.Names.Select(n => (n, view.Metadata.Value(n, row))).ToList(),
            previous,
            next,
            position,
            view.FilteredRows.Length);
    }

    /// <summary>
    /// Without per-class log-probs (official pipeline CSVs) the renormalised probabilities of a two-class example still
    /// follow exactly from the loss: p(answer) = e^−loss, the other class 1 − p.
    /// </summary>
    private static IReadOnlyList<double>? FromLoss(ExampleResult? result, TaskExample example)
    {
        if (result is null or { Scored: false } || example.Classes.Count != 2 || (uint)example.AnswerIndex > 1)
        {
            return null;
        }

        var answer = Math.Exp(-result.Loss);
        return example.AnswerIndex == 0 ? [answer, 1 - answer] : [1 - answer, answer];
    }

    /// <summary>The Prize's renormalisation: softmax over the classes' summed log-probs.</summary>
    public static IReadOnlyList<double> Renormalise(IReadOnlyList<double> classLogprobs)
    {
        var total = PrizeMetrics.LogSumExp(classLogprobs);
        return classLogprobs.Select(l => Math.Exp(l - total)).ToList();
    }

    private const string AnswerColor = "#59A14F";

    /// <summary>Grouped bars: per model, the renormalised probability of each class (the answer's bar outlined).</summary>
    public PlotlyFigure ProbabilityFigure(ChartPalette palette, ChartStyle style)
    {
        var models = Models.Where(m => m.Probabilities is not null).ToList();
        var traces = Example.Classes.Select((cls, c) => new PlotlyTrace
        {
            Type = "bar",
            Name = $"\"{cls}\"" + (c == Example.AnswerIndex ? " (answer)" : ""),
            X = models.Select(m => (object)m.Model).ToList(),
            Y = models.Select(m => m.Probabilities![c]).ToList(),
            Marker = new PlotlyMarker
            {
                // The answer is always green; the other classes take the palette's categorical colours (skipping green).
                Color = c == Example.AnswerIndex ? AnswerColor : palette.CategoryColor(c == 4 ? 9 : c),
                Opacity = c == Example.AnswerIndex ? 1 : 0.6,
            },
            Text = models.Select(m => $"{m.Model}: p(\"{cls}\") = {m.Probabilities![c].ToString("0.0000", CultureInfo.InvariantCulture)}").ToList(),
            Hovertemplate = "%{text}<extra></extra>",
            Textposition = "none",
        }).ToList();
        var layout = style.Layout(
            null,
            new PlotlyAxis { Type = "category" },
            new PlotlyAxis { Title = new PlotlyTitle("Renormalised probability"), Range = [0, 1] }) with
        {
            Margin = new PlotlyMargin(64, 16, 16, 48),
        };
        return new PlotlyFigure(traces, layout);
    }

    /// <summary>Per model and class; a logodds example adds the class's log-prob and probability after <c>other_prompt</c>.</summary>
    public string ToCsv()
    {
        var logodds = Example.OtherPrompt is not null;
        List<string> header = ["model", "class_index", "class", "is_answer", "logprob", "probability", logodds ? "logodds_difference" : "loss", "correct"];
        if (logodds)
        {
            header.AddRange(["other_logprob", "other_probability"]);
        }

        return Csv.Write(header, Models.SelectMany(m => Example.Classes.Select((cls, c) =>
        {
            List<string> cells =
            [
                m.Model,
                c.ToString(CultureInfo.InvariantCulture),
                cls,
                c == Example.AnswerIndex ? "1" : "0",
                m.HasClassLogprobs ? m.Result!.ClassLogprobs[c].ToString("R", CultureInfo.InvariantCulture) : "",
                m.Probabilities is { } p ? p[c].ToString("R", CultureInfo.InvariantCulture) : "",
                m.Result is { Scored: true } scored ? scored.Loss.ToString("R", CultureInfo.InvariantCulture) : "",
                m.Correct is { } correct ? (correct ? "1" : "0") : "",
            ];
            if (logodds)
            {
                var other = m.OtherProbabilities;
                cells.Add(other is null ? "" : m.Result!.OtherClassLogprobs[c].ToString("R", CultureInfo.InvariantCulture));
                cells.Add(other is null ? "" : other[c].ToString("R", CultureInfo.InvariantCulture));
            }

            return (IReadOnlyList<string>)cells;
        })));
    }
}
