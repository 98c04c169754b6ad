using System.CommandLine;
using System.Globalization;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Cli;

/// <summary><c>runs [--task NAME]</c>: the stored runs with their ids (for <c>export --run</c>) and headline numbers.</summary>
internal static class RunsCommand
{
    public static Command Create(CliContext context)
    {
        var task = new Option<string?>("--task") { Description = "Only the runs of this task." };
        var command = new Command("runs", "List the runs in the results store (local and imported) with their ids.") { task };
        command.SetAction(parse => context.Run(() => List(context, parse.GetValue(task))));
        return command;
    }

    private static int List(CliContext context, string? taskName)
    {
        var runs = context.GetRequiredService<IResultsStore>().GetRuns(taskName)
            .OrderBy(r => r.TaskName, StringComparer.Ordinal).ThenBy(r => r.Family).ThenBy(r => r.Parameters).ThenBy(r => r.TrainingStep);
        var table = new ConsoleTable(
            new("id"), new("task"), new("model"), new("shots", AlignRight: true), new("origin"), new("status"),
            new("n", AlignRight: true), new("loss ± SEM", AlignRight: true), new("acc", AlignRight: true));
        foreach (var run in runs)
        {
            table.AddRow(
                run.Id,
                run.TaskName,
                run.ModelName,
                run.Shots.ToString(CultureInfo.InvariantCulture),
                run.Source.Origin == RunOrigin.Imported ? $"imported ({run.Source.Format})" : "local",
                run.Status.ToString(),
                $"{run.Completed}/{run.Total}",
                CliFormat.Loss(run.Aggregate),
                CliFormat.Accuracy(run.Aggregate));
        }

        context.Console.Out.WriteLine($"Runs ({table.RowCount}):");
        table.Write(context.Console.Out);
        return ExitCodes.Success;
    }
}
