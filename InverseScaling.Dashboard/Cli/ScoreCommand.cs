using System.CommandLine;
using System.Diagnostics;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Cli;

/// <summary>
/// <c>score --model DIR... --task FILE... [--shots K] [--seed S] [--out PATH]</c>: scores every task × model (or finds
/// it in the cache), prints a table per task and writes per-example CSVs. Ctrl+C stops after the batch in flight;
/// every stored batch is kept and the same command resumes.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create(CliContext context)
    {
        var models = new Option<string[]>("--model", "-m")
        {
            Description = "Model folder (ONNX graph, tokenizer, model.json); repeat or list several.",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var tasks = new Option<string[]>("--task", "-t")
        {
            Description = "Task file (.jsonl in the Prize format, or .csv prompt,classes,answer_index); repeat or list several.",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var shots = new Option<int>("--shots", "-k") { Description = "Few-shot examples per prompt, by the official recipe (default 0)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the few-shot sampler (default 0)." };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Per-example CSV: a .csv file for one task × model, otherwise a folder that gets <task>/<model>.csv (the official pipeline's layout).",
        };
        var followLinks = OutputFile.FollowLinksOption();
        shots.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--shots must be 0 or more."); });

        var command = new Command("score", "Score models on tasks (cached in the results store), print the Prize metrics and write per-example CSVs.")
        {
            models, tasks, shots, seed, output, followLinks,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(() => ScoreAsync(
            context,
            parse.GetRequiredValue(models),
            parse.GetRequiredValue(tasks),
            new ScoringSettings { Shots = parse.GetValue(shots), Seed = parse.GetValue(seed) },
            parse.GetValue(output),
            parse.GetValue(followLinks),
            cancellationToken)));
        return command;
    }

    private static async Task<int> ScoreAsync(
        CliContext context, string[] modelFolders, string[] taskFiles, ScoringSettings settings, string? output, bool followLinks, CancellationToken cancellationToken)
    {
        var console = context.Console;
        var csvTarget = CsvTarget.Parse(output, taskFiles.Length * modelFolders.Length);
        if (csvTarget.File is { } file)
        {
            OutputFile.Target(file, followLinks); // a bad --out is refused before the scoring, not after it
        }

        // Everything is loaded and validated before the first model runs, so a typo in the last argument
        // does not surface after an hour of scoring.
        var loadedTasks = taskFiles.Select(TaskFileReader.Read).ToList();
        foreach (var warning in loadedTasks.SelectMany(t => t.Warnings))
        {
            console.Error.WriteLine("warning: " + warning);
        }

        var loadedModels = modelFolders.Select(ModelFolder.Load).ToList();
        var evaluation = context.GetRequiredService<IEvaluationService>();
        var store = context.GetRequiredService<IResultsStore>();
        var progress = new ProgressDisplay(console);

        foreach (var task in loadedTasks)
        {
            // The table of the models done so far is printed even when a later model fails or is cancelled.
            var summary = new RunSummaryTable(task, settings);
            try
            {
                foreach (var model in loadedModels)
                {
                    var clock = Stopwatch.StartNew();
                    RunProgress? last = null;
                    RunRecord run;
                    try
                    {
                        run = await evaluation.RunAsync(task, model, settings, new Tee(progress, p => last = p), cancellationToken);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        progress.Finish(); // clear the bar before the message
                        console.Error.WriteLine(
                            $"Cancelled: {task.Name} × {model.Name} stopped at {last?.Completed ?? 0} of {task.Examples.Count} examples. " +
                            "Every stored batch is kept; run the same command again to resume.");
                        return ExitCodes.Cancelled;
                    }
                    finally
                    {
                        progress.Finish();
                    }

                    summary.Add(run, last, clock.Elapsed);
                    if (csvTarget.PathFor(task, model) is { } path)
                    {
                        ExampleResultsCsv.WriteFile(path, followLinks, task, store.GetResults(run.Id));
                        summary.AddFile(path);
                    }
                }
            }
            finally
            {
                summary.Write(console.Out);
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>Forwards progress to the display and remembers the latest report (for the table's tokens/s).</summary>
    private sealed class Tee(IProgress<RunProgress> display, Action<RunProgress> remember) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            remember(value);
            display.Report(value);
        }
    }

    /// <summary>Where <c>--out</c> sends each task × model's CSV.</summary>
    private sealed record CsvTarget(string? File, string? Folder)
    {
        public static CsvTarget Parse(string? output, int pairs)
        {
            if (output is null)
            {
                return new CsvTarget(null, null);
            }

            if (!output.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                return new CsvTarget(null, output);
            }

            return pairs == 1
                ? new CsvTarget(output, null)
                : throw new CliUserException(
                    $"--out {output} is one file, but {pairs} task × model runs were asked for; give a folder instead (it gets <task>/<model>.csv).",
                    ExitCodes.UsageError);
        }

        public string? PathFor(TaskDataset task, ModelDescriptor model) =>
            File ?? (Folder is null ? null : Path.Combine(Folder, SafeName(task.Name), SafeName(model.Name) + ".csv"));

        private static string SafeName(string name) =>
            string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c == Path.DirectorySeparatorChar ? '_' : c));
    }
}
