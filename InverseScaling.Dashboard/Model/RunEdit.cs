using System.Globalization;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Model;

/// <summary>A change to runs' model identity: each field given replaces the run's, each left empty keeps it.</summary>
public sealed record RunEdit(string? ModelName, string? Family, long? Parameters)
{
    public bool IsEmpty => ModelName is null && Family is null && Parameters is null;

    public RunRecord Apply(RunRecord run) => run with
    {
        ModelName = ModelName ?? run.ModelName,
        Family = Family ?? run.Family,
        Parameters = Parameters ?? run.Parameters,
    };

    /// <summary>Reads the form's fields; <paramref name="error"/> names the field that cannot be used.</summary>
    public static RunEdit? Parse(string? modelName, string? family, string? parameters, out string? error)
    {
        error = null;
        long? count = null;
        if (!string.IsNullOrWhiteSpace(parameters))
        {
            if (!NumberFormat.TryParseSize(parameters.Trim(), out var parsed) || parsed <= 0)
            {
                error = $"Parameters: \"{parameters.Trim()}\" is not a positive count (write 125000000, 125M or 1.3B).";
                return null;
            }

            count = parsed;
        }

        return new RunEdit(Blank(modelName), Blank(family), count);
    }

    /// <summary>Whether the run matches the stored-runs search: every word in its task, model, family, source or status.</summary>
    public static bool Matches(RunRecord run, string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return true;
        }

        var text = string.Join(' ', run.TaskName, run.ModelName, run.Family, run.Source.Origin, run.Source.Format, run.Status, run.Hidden ? "hidden" : "",
            run.Shots.ToString(CultureInfo.InvariantCulture) + "-shot");
        return search.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
