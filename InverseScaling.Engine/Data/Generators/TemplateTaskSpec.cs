using System.Text;
using System.Text.Json;

namespace InverseScaling.Engine.Data.Generators;

/// <summary>
/// A declarative task spec (JSON): slots with value lists, whose every combination (or a seeded sample of them)
/// becomes an example through the <c>prompt</c>, <c>classes</c> and <c>answer</c> templates. See
/// Bundled/generators/README.md for the format. Loading checks every template against the slots, so a typo fails
/// with the spec file, the JSON path and its line before anything is generated.
/// </summary>
public sealed class TemplateTaskSpec
{
    private TemplateTaskSpec()
    {
    }

    public string Name { get; internal set; } = "";

    public string Description { get; internal set; } = "";

    /// <summary>The seed used when <see cref="TemplateTaskGenerator.Generate(TemplateTaskSpec, int?)"/> is given none.</summary>
    public int Seed { get; internal set; }

    /// <summary>How many combinations to draw (without replacement); null for all of them.</summary>
    public int? SampleSize { get; internal set; }

    public bool ShuffleClasses { get; internal set; }

    /// <summary>The file the spec was read from, or the name given when parsing it.</summary>
    public string SourceFile { get; internal set; } = "";

    /// <summary>Number of slot-value combinations (the product of the slot sizes).</summary>
    public long Combinations => Slots.Aggregate(1L, (n, s) => n * s.Values.Count);

    public IReadOnlyList<string> MetadataColumns => Metadata.Select(m => m.Name).ToList();

    internal List<SpecSlot> Slots { get; } = [];

    internal List<SpecSlot> Pools { get; } = [];

    internal List<SpecDerived> Derived { get; } = [];

    internal SpecTemplate Prompt { get; set; } = null!;

    internal List<SpecTemplate> Classes { get; } = [];

    internal SpecTemplate? Answer { get; set; }

    internal int? AnswerIndex { get; set; }

    internal List<(string Name, SpecTemplate Template)> Metadata { get; } = [];

    internal JsonLineMap Lines { get; set; } = null!;

    public static TemplateTaskSpec Load(string path) => Parse(InputFile.ReadAllBytes(path, "spec"), path);

    public static TemplateTaskSpec Parse(string json, string fileName) => Parse(Encoding.UTF8.GetBytes(json), fileName);

    public static TemplateTaskSpec Parse(ReadOnlySpan<byte> utf8, string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var spec = new TemplateTaskSpec { SourceFile = fileName };
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var reason = e.Message.Split(" LineNumber:")[0].TrimEnd(' ', '.');
            throw new DatasetFormatException(fileName, [new DatasetIssue(fileName, line, IssueSeverity.Error, $"invalid JSON: {reason}")]);
        }

        spec.Lines = new JsonLineMap(utf8);
        var reader = new TemplateSpecReader(spec, fileName);
        using (document)
        {
            reader.ReadRoot(document.RootElement);
        }

        if (reader.Errors.Count == 0)
        {
            new TemplateSpecChecker(spec, reader.Errors).Check();
        }

        if (reader.Errors.Count > 0)
        {
            throw new DatasetFormatException(fileName, [.. reader.Errors.OrderBy(e => e.Line)]);
        }

        return spec;
    }
}

/// <summary>A template with the JSON path it came from.</summary>
internal sealed record SpecTemplate(SlotTemplate Template, string Path);

/// <summary>One value of a slot or pool: a plain template, or an object of named templates (linked values).</summary>
internal sealed record SpecValue(SpecTemplate? Scalar, IReadOnlyDictionary<string, SpecTemplate>? Fields, string Path)
{
    public IEnumerable<SpecTemplate> Templates => Scalar is not null ? [Scalar] : Fields!.Values;
}

internal sealed record SpecSlot(string Name, IReadOnlyList<SpecValue> Values, string Path);

/// <summary>
/// A value computed per example: a template; a <c>cycle</c> of items repeated to <c>count</c> items (the pattern
/// sequence); or a <c>sample</c> of <c>count</c> values drawn without replacement from a pool or slot (demonstrations;
/// drawing from a slot skips the example's own value, as the official k-shot recipe does).
/// </summary>
internal sealed record SpecDerived(
    string Name,
    string Path,
    SpecTemplate? Template,
    IReadOnlyList<SpecTemplate>? Cycle,
    string? SampleFrom,
    SpecTemplate? ItemTemplate,
    SpecTemplate? Count,
    string? Separator,
    string? Suffix)
{
    public const string ItemName = "item";

    public IEnumerable<SpecTemplate> Templates =>
        new[] { Template, ItemTemplate, Count }.OfType<SpecTemplate>().Concat(Cycle ?? []);
}
