using System.Text.RegularExpressions;

namespace InverseScaling.Engine.Import;

/// <summary>
/// The model a per-model results file is named after, as people actually save them: browsers add " (1)" to a second
/// download, people append "-results", and the extension may be doubled ("ada.csv.csv").
/// </summary>
internal static partial class ModelFileNames
{
    /// <summary><c>"ada (1).csv"</c> → <c>"ada"</c>, <c>"text-curie-001-results.csv"</c> → <c>"text-curie-001"</c>.</summary>
    public static string ModelName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName.Trim());
        string previous;
        do
        {
            previous = name;
            name = Decorations().Replace(name, "").Trim();
        }
        while (name != previous && name.Length > 0);

        return name.Length > 0 ? name : Path.GetFileNameWithoutExtension(fileName);
    }

    // One decoration at the end of the name: a results extension, a browser's copy number, or a "results" suffix.
    [GeneratedRegex(@"(\.(csv|jsonl|json|tsv|txt)|\s*\(\d+\)|[-_ ]results?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Decorations();
}
