using System.CommandLine;
using System.Diagnostics;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;
using InverseScaling.Engine.Runs;

namespace InverseScaling.Dashboard.Cli;

/// <summary>
/// <c>score --model DIR... --task FILE... [--shots K] [--seed S] [--type TYPE] [--out PATH]</c>: scores every task × model (or finds
/// it in the cache), prints a table per task and writes per-example CSVs. Ctrl+C stops after the batch in flight;
/// every stored batch is kept and the same command resumes.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create(CliContext context)
    {
        var models = new Option<string[]>("--model", "-m")
        {
            Description = "Model folder (an export folder as Optimum / onnxruntime-genai writes it, or one with a model.json), or a folder of model folders (a family); repeat or list several.",
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
        var type = new Option<string?>("--type")
        {
            Description = $"Task type instead of the one the file's columns give ({TaskTypeNames.All}); as the pipeline's --task-type, "
                + "absolute_logodds is chosen this way for a logodds file.",
        };
        shots.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--shots must be 0 or more."); });
        type.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } name && !TaskTypeNames.TryParse(name, out _))
            {
                r.AddError($"--type {name} is not a task type; use one of {TaskTypeNames.All}.");
            }
        });

        var command = new Command("score", "Score models on tasks (cached in the results store), print the Prize metrics and write per-example CSVs.")
        {
            models, tasks, shots, seed, output, followLinks, type,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(() => ScoreAsync(
            context,
            parse.GetRequiredValue(models),
            parse.GetRequiredValue(tasks),
            new ScoringSettings { Shots = parse.GetValue(shots), Seed = parse.GetValue(seed) },
            parse.GetValue(output),
            parse.GetValue(followLinks),
            TaskTypeNames.TryParse(parse.GetValue(type), out var forced) ? forced : null,
            cancellationToken)));
        return command;
    }

    private static async Task<int> ScoreAsync(
        CliContext context, string[] modelFolders, string[] taskFiles, ScoringSettings settings, string? output, bool followLinks, TaskType? type,
        CancellationToken cancellationToken)
    {
        var console = context.Console;
        // Everything is loaded and validated before the first model runs, so a typo in the last argument
        // does not surface after an hour of scoring.
        var loadedTasks = taskFiles.Select(TaskFileReader.Read).Select(t => type is { } forced ? TaskTypeOverride.Apply(t, forced) : t).ToList();
        foreach (var warning in loadedTasks.SelectMany(t => t.Warnings))
        {
            console.Error.WriteLine("warning: " + warning);
        }

        var loadedModels = modelFolders.SelectMany(ModelFolder.LoadModelOrFamily).ToList();
        var csvTarget = CsvTarget.Parse(output, loadedTasks.Count * loadedModels.Count);
        if (csvTarget.File is { } file)
        {
            OutputFile.Target(file, followLinks); // a bad --out is refused before the scoring, not after it
        }
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

                    summary.Add(model.Name, run, last, clock.Elapsed);
                    var csv = csvTarget.PathFor(task, model);
                    if (csv is not null || run.Aggregate?.NotScored > 0)
                    {
                        var results = store.GetResults(run.Id);
                        summary.AddNotScored(model.Name, results);
                        if (csv is not null)
                        {
                            OutputFile.Write(csv, followLinks, stream => ExampleResultsCsv.Write(stream, task, results));
                            summary.AddFile(csv);
                        }
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

            // Checked before anything is scored, so a wrong --out does not surface after the scoring is done.
            if (!output.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                return System.IO.File.Exists(output)
                    ? throw new CliUserException($"{output}: --out names a folder for <task>/<model>.csv files, but this is a file; give a folder, or a .csv file for one task × model")
                    : new CsvTarget(null, output);
            }

            if (Directory.Exists(output))
            {
                throw new CliUserException($"{output}: --out names a .csv file to write, but this is a folder; give another file name, or a folder without the .csv ending");
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
