using System.CommandLine;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Cli;

/// <summary>
/// <c>models</c>: the model folders registered in the store (with the fields derived from their export files and where
/// each came from), then the models known only from imported results. <c>models add DIR...</c> registers folders.
/// </summary>
internal static class ModelsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("models", "List the models in the results store: local model folders (the bundled ones included) and models with imported results.")
        {
            CreateAdd(context),
        };
        command.SetAction(_ => context.Run(() => List(context)));
        return command;
    }

    private static Command CreateAdd(CliContext context)
    {
        var folders = new Argument<string[]>("DIR")
        {
            Description = "Model folders (an export folder as Optimum / onnxruntime-genai writes it, or one with a model.json), "
                + "or folders of model folders (each registers as one family).",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("add", "Register model folders in the results store, so the dashboard can score them.") { folders };
        command.SetAction(parse => context.Run(() => Add(context, parse.GetRequiredValue(folders))));
        return command;
    }

    private static int Add(CliContext context, string[] folders)
    {
        var store = context.GetRequiredService<IResultsStore>();

        // Every folder is read before any is stored, so one bad folder among several leaves the store as it was.
        var models = folders.SelectMany(ModelFolder.LoadModelOrFamily).ToList();
        ModelRegistration.Save(store, models);

        var output = context.Console.Out;
        output.WriteLine($"Registered {models.Count} model{(models.Count == 1 ? "" : "s")}:");
        WriteModels(output, models);
        return ExitCodes.Success;
    }

    private static int List(CliContext context)
    {
        var store = context.GetRequiredService<IResultsStore>();
        var output = context.Console.Out;

        var local = store.GetModels().OrderBy(m => m.Manifest.Family).ThenBy(m => m.Manifest.Parameters).ToList();
        output.WriteLine($"Local models ({local.Count}):");
        WriteModels(output, local);

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

    /// <summary>The table of model folders, then, per model, each field derived from its export files and where from.</summary>
    private static void WriteModels(TextWriter output, IReadOnlyList<ModelDescriptor> models)
    {
        var table = new ConsoleTable(
            new("name"), new("family"), new("parameters", AlignRight: true), new("training tokens", AlignRight: true),
            new("context", AlignRight: true), new("BOS"), new("folder"));
        foreach (var model in models)
        {
            var m = model.Manifest;
            table.AddRow(
                m.Name, m.Family, CliFormat.Scale(m.Parameters), CliFormat.Scale(m.TrainingTokens), CliFormat.Count(m.MaxContext),
                m.AddBos ? "yes" : "no", model.Directory);
        }

        table.Write(output);
        foreach (var model in models.Where(m => m.DerivedFields.Any()))
        {
            output.WriteLine();
            output.WriteLine($"{model.Name}: derived from its export folder (no model.json entry):");
            foreach (var (field, source) in model.DerivedFields)
            {
                output.WriteLine($"  {field,-10} {source}");
            }
        }
    }
}
