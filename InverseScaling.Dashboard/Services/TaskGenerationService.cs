using InverseScaling.Engine.Data;
using InverseScaling.Engine.Data.Generators;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Services;

/// <summary>Outcome of generating a task from the Runs page: the stored dataset, or every reason the spec was refused.</summary>
public sealed record GenerationOutcome(TaskDataset? Dataset, string? Error);

/// <summary>
/// Generates a task from one of the shipped template specs (the engine's <see cref="TemplateTaskGenerator"/>, e.g. the
/// pattern-matching-suppression generator) and stores it, labelled as generated, so it can be scored at once.
/// </summary>
public sealed class TaskGenerationService(IResultsStore store)
{
    /// <summary>The shipped specs, by display name (the file's stem).</summary>
    public IReadOnlyList<(string Name, string Path)> Specs() =>
        BundledGenerators.SpecFiles().Select(p => (System.IO.Path.GetFileNameWithoutExtension(p), p)).ToList();

    public Task<GenerationOutcome> GenerateAsync(string specPath, int seed) => Task.Run(() =>
    {
        try
        {
            var dataset = TemplateTaskGenerator.Generate(TemplateTaskSpec.Load(specPath), seed);
            store.SaveDataset(dataset);
            return new GenerationOutcome(dataset, null);
        }
        catch (DatasetFormatException ex)
        {
            return new GenerationOutcome(null, ex.Message);
        }
    });
}
