using System.CommandLine;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Cli;

/// <summary>
/// <c>import FILE... [--task NAME|FILE] [--model NAME] [--params N] [--family F] [--source-url URL]</c>: results
/// computed elsewhere, stored as imported runs. Every file is read and validated before anything is stored, so a bad
/// file among several leaves the store as it was.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Results files: " + string.Join("; ", ResultsImporter.Formats) + ".",
            Arity = ArgumentArity.OneOrMore,
        };
        var task = new Option<string?>("--task")
        {
            Description = "The task the results belong to: a stored task's name, or a task file (registered on the way). Inferred when the file says.",
        };
        var model = new Option<string?>("--model") { Description = "Model name (default: from the file, e.g. the CSV's file name)." };
        var parameters = new Option<long?>("--params") { Description = "Parameter count, when the model is not in the Prize's size table or the file." };
        var family = new Option<string?>("--family") { Description = "Model family (default: derived from the model name)." };
        var sourceUrl = new Option<string?>("--source-url") { Description = "Where the results were published (shown with every number)." };
        parameters.Validators.Add(r => { if (r.GetValueOrDefault<long?>() is <= 0) r.AddError("--params must be a positive count."); });

        var command = new Command("import", "Import results computed elsewhere (Prize pipeline CSVs, lm-evaluation-harness output, aggregate tables).")
        {
            files, task, model, parameters, family, sourceUrl,
        };
        command.SetAction(parse => context.Run(() => Import(
            context,
            parse.GetRequiredValue(files),
            parse.GetValue(task),
            new ImportOptions
            {
                ModelName = parse.GetValue(model),
                Parameters = parse.GetValue(parameters),
                Family = parse.GetValue(family),
                SourceUrl = parse.GetValue(sourceUrl),
            })));
        return command;
    }

    private static int Import(CliContext context, string[] files, string? task, ImportOptions options)
    {
        var store = context.GetRequiredService<IResultsStore>();
        var importer = context.GetRequiredService<ResultsImporter>();
        options = options with { TaskName = ResolveTask(store, task) };

        var read = files.Select(file => importer.Read(file, options)).ToList();
        // One transaction for every file: a kill or a failure half-way leaves none of them stored.
        importer.Store(read.SelectMany(runs => runs).ToList());
        var table = new ConsoleTable(
            new("file"), new("task"), new("model"), new("params", AlignRight: true), new("format"), new("n", AlignRight: true),
            new("loss ± SEM", AlignRight: true), new("acc", AlignRight: true), new("id"));
        foreach (var (file, runs) in files.Zip(read))
        {
            foreach (var run in runs.Select(r => r.Run))
            {
                table.AddRow(
                    Path.GetFileName(file), run.TaskName, run.ModelName, CliFormat.Scale(run.Parameters), run.Source.Format ?? CliFormat.Missing,
                    CliFormat.Count(run.Aggregate?.Count ?? run.Total), CliFormat.Loss(run.Aggregate), CliFormat.Accuracy(run.Aggregate), run.Id);
            }
        }

        context.Console.Out.WriteLine($"Imported {table.RowCount} run{(table.RowCount == 1 ? "" : "s")} from {files.Length} file{(files.Length == 1 ? "" : "s")}:");
        table.Write(context.Console.Out);
        foreach (var note in read.SelectMany(r => r).Select(r => r.Run.Source.Note).OfType<string>().Distinct())
        {
            context.Console.Out.WriteLine("  note: " + note);
        }

        return ExitCodes.Success;
    }

    /// <summary>A task file given as <c>--task</c> is read (and rejected whole if malformed) and registered, so its results can be matched.</summary>
    private static string? ResolveTask(IResultsStore store, string? task)
    {
        if (task is null || !File.Exists(task))
        {
            return task;
        }

        var dataset = TaskFileReader.Read(task);
        store.SaveDataset(dataset);
        return dataset.Name;
    }
}
