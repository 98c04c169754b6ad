namespace InverseScaling.Engine.Data.Generators;

/// <summary>
/// Generates a pattern-matching-suppression-style task (Korbak's Prize winner): an alternating pattern of two
/// symbols shown 2k−1 times with the instruction to break it, classes the two symbols, the answer the symbol that
/// repeats the last one shown. Symbol pairs (12 lists), 12 instruction templates and k = 3…10 are in the shipped spec
/// <c>pattern-matching-suppression.json</c>, so they can be read and changed without code. Only one template is
/// known from the official task, so this is a stand-in, labelled as generated and never named like the official task.
/// </summary>
public static class PatternMatchingSuppressionGenerator
{
    public const string SpecFileName = "pattern-matching-suppression.json";

    public static string SpecPath => Path.Combine(BundledContent.Generators, SpecFileName);

    /// <summary>The task for <paramref name="seed"/>; the same seed always gives the same bytes.</summary>
    public static TaskDataset Generate(int seed) => TemplateTaskGenerator.Generate(TemplateTaskSpec.Load(SpecPath), seed);
}
