using System.CommandLine;
using InverseScaling.Dashboard.Model;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Cli;

/// <summary>
/// <c>import FILE|DIR... [--task NAME|FILE] [--model NAME] [--params N] [--family F] [--source-url URL] [--results-only]</c>:
/// results computed elsewhere, stored as imported runs. Every file named is read and validated before anything is stored,
/// so a bad file among several leaves the store as it was; a folder is walked and everything recognisable in it imported,
/// with a summary of what each file was read as and what was skipped and why.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Results files or folders (an lm-eval output tree, a pipeline results folder): " + string.Join("; ", ResultsImporter.Formats) + ".",
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
        var resultsOnly = new Option<bool>("--results-only")
        {
            Description = "Keep per-example loss/correct without linking them to the task's text (results of another version of the task): curves and Δ work, per-example text views stay empty.",
        };
        parameters.Validators.Add(r => { if (r.GetValueOrDefault<long?>() is <= 0) r.AddError("--params must be a positive count."); });

        var command = new Command("import", "Import results computed elsewhere (Prize pipeline CSVs, lm-evaluation-harness output, aggregate tables).")
        {
            files, task, model, parameters, family, sourceUrl, resultsOnly,
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
                ResultsOnly = parse.GetValue(resultsOnly),
            })));
        return command;
    }

    private static int Import(CliContext context, string[] files, string? task, ImportOptions options)
    {
        var store = context.GetRequiredService<IResultsStore>();
        var importer = context.GetRequiredService<ResultsImporter>();
        options = options with { TaskName = ResolveTask(store, task) };
        var folders = files.Where(Directory.Exists).ToArray();
        var plainFiles = files.Except(folders).ToArray();

        var read = plainFiles.Select(file => importer.Read(file, options)).ToList();
        // One transaction for every file given by name: a kill or a failure half-way leaves none of them stored.
        // (A folder is imported file by file, each all or nothing, with a summary of what was skipped.)
        importer.Store(read.SelectMany(fileRuns => fileRuns).ToList());
        var table = RunTable();
        var runs = new List<RunRecord>();
        foreach (var (file, fileRuns) in plainFiles.Zip(read))
        {
            foreach (var imported in fileRuns)
            {
                context.Console.Out.WriteLine($"  {Path.GetFileName(file)}: read as {imported.ReadAs ?? imported.Run.Source.Format}");
                AddRow(table, Path.GetFileName(file), imported.Run);
                runs.Add(imported.Run);
            }
        }

        foreach (var folder in folders)
        {
            var summary = context.GetRequiredService<FolderImporter>().Import(folder, options);
            WriteSummary(context.Console.Out, summary);
            foreach (var outcome in summary.Files)
            {
                foreach (var run in outcome.Runs)
                {
                    AddRow(table, Path.GetRelativePath(summary.Folder, outcome.Path), run);
                    runs.Add(run);
                }
            }
        }

        context.Console.Out.WriteLine($"Imported {table.RowCount} run{(table.RowCount == 1 ? "" : "s")} from {files.Length} path{(files.Length == 1 ? "" : "s")}:");
        table.Write(context.Console.Out);
        foreach (var note in runs.Select(r => r.Source.Note).OfType<string>().Distinct())
        {
            context.Console.Out.WriteLine("  note: " + note);
        }

        return ExitCodes.Success;
    }

    private static ConsoleTable RunTable() => new(
        new("file"), new("task"), new("model"), new("params", AlignRight: true), new("format"), new("n", AlignRight: true),
        new("loss ± SEM", AlignRight: true), new("acc", AlignRight: true), new("id"));

    private static void AddRow(ConsoleTable table, string file, RunRecord run) => table.AddRow(
        file, run.TaskName, run.ModelName, CliFormat.Scale(run.Parameters), run.Source.Format ?? CliFormat.Missing,
        run.Aggregate is { } a ? CliFormat.Scored(a) : CliFormat.Count(run.Total), CliFormat.Loss(run.Aggregate), CliFormat.Accuracy(run.Aggregate), run.Id);

    /// <summary>Read files are listed one per line (what each was read as) only in folders up to this size, to keep one screen.</summary>
    private const int FilesListed = 30;

    private static void WriteSummary(TextWriter output, FolderImportSummary summary)
    {
        foreach (var line in FolderImportText.Summary(summary).Split('\n'))
        {
            output.WriteLine("  " + line);
        }

        if (summary.Files.Count <= FilesListed)
        {
            foreach (var file in summary.Files.Where(f => f.Skipped is null))
            {
                output.WriteLine($"  {Path.GetRelativePath(summary.Folder, file.Path)}: read as {file.ReadAs} → {file.Runs.Count} run{(file.Runs.Count == 1 ? "" : "s")}");
            }
        }
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
