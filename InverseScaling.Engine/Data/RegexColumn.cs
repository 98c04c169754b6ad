using System.Text.RegularExpressions;

namespace InverseScaling.Engine.Data;

/// <summary>
/// A user-defined metadata column: the first capture group of <paramref name="Pattern"/> matched against each prompt
/// (no match leaves the example without a value). Defined in the dashboard or in appsettings.json.
/// </summary>
public sealed record RegexColumn(string Name, string Pattern)
{
    /// <summary>A pathological pattern must not hang a page that is filtering 20,000 prompts.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The compiled pattern; throws <see cref="ArgumentException"/> naming the column if it is unusable.</summary>
    public Regex Compile()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException($"A metadata column with the pattern \"{Pattern}\" has no name.");
        }

        if (MetadataColumns.IsBuiltIn(Name) || TaskFileKeys.IsReserved(Name))
        {
            throw new ArgumentException($"Metadata column \"{Name}\": that name is a built-in column or a task file key; choose another name.");
        }

        Regex regex;
        try
        {
            regex = new Regex(Pattern ?? "", RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Metadata column \"{Name}\": the pattern \"{Pattern}\" is not a valid regular expression: {e.Message}", e);
        }

        if (regex.GetGroupNumbers().Length < 2)
        {
            throw new ArgumentException(
                $"Metadata column \"{Name}\": the pattern \"{Pattern}\" has no capture group; put the part to show in parentheses, e.g. \"repeated (\\d+) times\".");
        }

        return regex;
    }
}
