using System.CommandLine;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Cli;

/// <summary>
/// <c>export --run ID | --task NAME --model NAME [--shots K] [--out FILE]</c>: a stored run's per-example results as
/// the Prize pipeline's CSV (see <see cref="ExampleResultsCsv"/>), to a file or to standard output.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var run = new Option<string?>("--run") { Description = "Run id (see the 'runs' command)." };
        var task = new Option<string?>("--task") { Description = "Task name; with --model, picks the run." };
        var model = new Option<string?>("--model") { Description = "Model name; with --task, picks the run." };
        var shots = new Option<int?>("--shots") { Description = "With --task/--model: the run with this many few-shot examples." };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "CSV file to write (default: standard output)." };
        var followLinks = OutputFile.FollowLinksOption();
        var command = new Command("export", "Write a stored run's per-example results as CSV (index,loss,correct,predicted,total_logprob,logprob_0,…).")
        {
            run, task, model, shots, output, followLinks,
        };
        command.Validators.Add(result =>
        {
            var byId = result.GetValue(run) is not null;
            var byNames = result.GetValue(task) is not null || result.GetValue(model) is not null;
            if (byId == byNames || (byNames && (result.GetValue(task) is null || result.GetValue(model) is null)))
            {
                result.AddError("Give either --run ID, or both --task NAME and --model NAME.");
            }
        });
        command.SetAction(parse => context.Run(() =>
            Export(context, parse.GetValue(run), parse.GetValue(task), parse.GetValue(model), parse.GetValue(shots), parse.GetValue(output), parse.GetValue(followLinks))));
        return command;
    }

    private static int Export(CliContext context, string? runId, string? taskName, string? modelName, int? shots, FileInfo? output, bool followLinks)
    {
        var store = context.GetRequiredService<IResultsStore>();
        var run = runId is not null
            ? store.GetRun(runId) ?? throw new CliUserException($"No run with id '{runId}' (see the 'runs' command).")
            : FindRun(store, taskName!, modelName!, shots);
        if (!run.Source.HasPerExampleResults)
        {
            throw new CliUserException($"Run {run.Id} ({run.TaskName} × {run.ModelName}) was imported from aggregates only ({run.Source.File}); it has no per-example results.");
        }

        var results = store.GetResults(run.Id);
        var task = run.TaskSha256 is null ? null : store.GetDataset(run.TaskSha256);
        if (output is null)
        {
            ExampleResultsCsv.Write(context.Console.Out, task, results);
        }
        else
        {
            OutputFile.Write(output.FullName, followLinks, stream => ExampleResultsCsv.Write(stream, task, results));
            context.Console.Error.WriteLine($"Wrote {results.Count} rows of {run.TaskName} × {run.ModelName} to {output.FullName}");
        }

        if (run.Status != RunStatus.Complete)
        {
            context.Console.Error.WriteLine($"warning: run {run.Id} is {run.Status.ToString().ToLowerInvariant()} ({run.Completed} of {run.Total} examples).");
        }

        return ExitCodes.Success;
    }

    private static RunRecord FindRun(IResultsStore store, string taskName, string modelName, int? shots)
    {
        var matches = store.GetRuns(taskName)
            .Where(r => string.Equals(r.ModelName, modelName, StringComparison.Ordinal) && (shots is null || r.Shots == shots))
            .ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CliUserException($"No run of task '{taskName}' with model '{modelName}'{(shots is null ? "" : $" and {shots} shots")} (see the 'runs' command)."),
            _ => throw new CliUserException(
                $"{matches.Count} runs of '{taskName}' × '{modelName}' ({string.Join(", ", matches.Select(r => $"{r.Id}: {r.Shots} shots, seed {r.Seed}, {r.Source.Origin}"))}); pick one with --run ID."),
        };
    }
}
