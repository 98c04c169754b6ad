using System.CommandLine;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Data.Generators;

namespace InverseScaling.Dashboard.Cli;

/// <summary>
/// <c>generate NAME|--spec SPEC.json [--seed S] --out FILE</c>: writes a generated task file (JSON lines in the Prize's
/// format, metadata columns as extra keys). NAME is a shipped spec (<c>pattern-matching</c> is Korbak's
/// pattern-matching suppression); <c>--spec</c> takes the user's own. Same spec and seed, same bytes.
/// </summary>
internal static class GenerateCommand
{
    /// <summary>Short names for shipped specs, besides their file names.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pattern-matching"] = Path.GetFileNameWithoutExtension(PatternMatchingSuppressionGenerator.SpecFileName),
    };

    public static Command Create(CliContext context)
    {
        var name = new Argument<string?>("NAME")
        {
            Description = "A shipped generator: pattern-matching, or the name of any spec in Bundled/generators.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var spec = new Option<FileInfo?>("--spec") { Description = "Your own task spec (JSON: templates with slots, slot values, classes and answer)." };
        var seed = new Option<int?>("--seed") { Description = "Seed of the generator (default: the spec's own)." };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The task file to write (.jsonl).", Required = true };
        var followLinks = OutputFile.FollowLinksOption();
        var command = new Command("generate", "Generate a task file from a shipped generator or your own spec.") { name, spec, seed, output, followLinks };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(name) is null) == (result.GetValue(spec) is null))
            {
                result.AddError($"Give a generator name ({string.Join(", ", ShippedNames())}) or --spec FILE, not both.");
            }
        });
        command.SetAction(parse => context.Run(() =>
            Generate(context, parse.GetValue(name), parse.GetValue(spec), parse.GetValue(seed), parse.GetRequiredValue(output), parse.GetValue(followLinks))));
        return command;
    }

    private static int Generate(CliContext context, string? name, FileInfo? specFile, int? seed, FileInfo output, bool followLinks)
    {
        var spec = TemplateTaskSpec.Load(specFile?.FullName ?? ShippedSpec(name!));
        var task = TemplateTaskGenerator.Generate(spec, seed);
        OutputFile.Write(output.FullName, followLinks, stream => TaskFileWriter.WriteJsonl(task, stream));

        context.Console.Out.WriteLine($"Wrote {task.Examples.Count} examples of \"{task.Name}\" to {output.FullName}");
        if (task.MetadataColumns.Count > 0)
        {
            context.Console.Out.WriteLine("  metadata columns: " + string.Join(", ", task.MetadataColumns));
        }

        foreach (var warning in task.Warnings)
        {
            context.Console.Error.WriteLine("warning: " + warning);
        }

        return ExitCodes.Success;
    }

    private static string ShippedSpec(string name)
    {
        var stem = Aliases.GetValueOrDefault(name, name);
        return BundledGenerators.SpecFiles().FirstOrDefault(f => string.Equals(Path.GetFileNameWithoutExtension(f), stem, StringComparison.OrdinalIgnoreCase))
            ?? throw new CliUserException($"No generator called '{name}'. Shipped: {string.Join(", ", ShippedNames())}; or give --spec FILE.", ExitCodes.UsageError);
    }

    private static IEnumerable<string> ShippedNames() =>
        Aliases.Keys.Concat(BundledGenerators.SpecFiles().Select(Path.GetFileNameWithoutExtension).OfType<string>());
}
