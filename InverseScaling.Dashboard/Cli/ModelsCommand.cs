using System.CommandLine;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Cli;

/// <summary><c>models</c>: the model folders registered in the store, then the models known only from imported results.</summary>
internal static class ModelsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("models", "List the models in the results store: local model folders (the bundled ones included) and models with imported results.");
        command.SetAction(_ => context.Run(() => List(context)));
        return command;
    }

    private static int List(CliContext context)
    {
        var store = context.GetRequiredService<IResultsStore>();
        var output = context.Console.Out;

        var local = new ConsoleTable(
            new("name"), new("family"), new("parameters", AlignRight: true), new("training tokens", AlignRight: true),
            new("context", AlignRight: true), new("folder"));
        foreach (var model in store.GetModels().OrderBy(m => m.Manifest.Family).ThenBy(m => m.Manifest.Parameters))
        {
            var m = model.Manifest;
            local.AddRow(m.Name, m.Family, CliFormat.Scale(m.Parameters), CliFormat.Scale(m.TrainingTokens), CliFormat.Count(m.MaxContext), model.Directory);
        }

        output.WriteLine($"Local models ({local.RowCount}):");
        local.Write(output);

        var imported = store.GetRuns()
            .Where(r => r.Source.Origin == RunOrigin.Imported)
            .GroupBy(r => (r.Family, r.ModelName))
            .OrderBy(g => g.Key.Family).ThenBy(g => g.Min(r => r.Parameters ?? long.MaxValue)).ThenBy(g => g.Min(r => r.TrainingStep ?? 0))
            .ToList();
        var table = new ConsoleTable(new("name"), new("family"), new("parameters", AlignRight: true), new("tasks", AlignRight: true), new("source"));
        foreach (var group in imported)
        {
            var first = group.First();
            table.AddRow(
                group.Key.ModelName,
                group.Key.Family,
                CliFormat.Scale(first.Parameters),
                group.Select(r => r.TaskName).Distinct().Count().ToString(System.Globalization.CultureInfo.InvariantCulture),
                string.Join(", ", group.Select(r => r.Source.Format).Distinct()));
        }

        output.WriteLine();
        output.WriteLine($"Models with imported results ({table.RowCount}):");
        table.Write(output);
        return ExitCodes.Success;
    }
}
