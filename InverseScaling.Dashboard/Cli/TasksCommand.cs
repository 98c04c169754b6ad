using System.CommandLine;
using System.Globalization;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Cli;

/// <summary><c>tasks</c>: the datasets registered in the store, with how many runs each has.</summary>
internal static class TasksCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("tasks", "List the tasks (datasets) in the results store, the bundled official ones included.");
        command.SetAction(_ => context.Run(() => List(context)));
        return command;
    }

    private static int List(CliContext context)
    {
        var store = context.GetRequiredService<IResultsStore>();
        var runs = store.GetRuns().GroupBy(r => r.TaskName).ToDictionary(g => g.Key, g => g.ToList());

        var table = new ConsoleTable(
            new("name"), new("type"), new("origin"), new("examples", AlignRight: true), new("metadata columns"),
            new("runs", AlignRight: true), new("sha256"));
        foreach (var task in store.GetDatasets().OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            runs.TryGetValue(task.Name, out var taskRuns);
            table.AddRow(
                task.Name,
                task.Type.ToString(),
                task.GeneratedBy is null ? task.Origin.ToString() : $"{task.Origin} ({task.GeneratedBy})",
                CliFormat.Count(task.Examples.Count),
                task.MetadataColumns.Count == 0 ? CliFormat.Missing : string.Join(", ", task.MetadataColumns),
                (taskRuns?.Count ?? 0).ToString(CultureInfo.InvariantCulture),
                task.Sha256[..12]);
        }

        context.Console.Out.WriteLine($"Tasks ({table.RowCount}):");
        table.Write(context.Console.Out);

        // Aggregate-only imports (e.g. published tables) name tasks whose dataset is not held here.
        var known = store.GetDatasets().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var resultsOnly = runs.Keys.Where(name => !known.Contains(name)).Order(StringComparer.Ordinal).ToList();
        if (resultsOnly.Count > 0)
        {
            context.Console.Out.WriteLine();
            context.Console.Out.WriteLine($"Tasks with imported results only ({resultsOnly.Count}): {string.Join(", ", resultsOnly)}");
        }

        return ExitCodes.Success;
    }
}
