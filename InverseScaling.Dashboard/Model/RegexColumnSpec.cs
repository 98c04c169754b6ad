using System.Text.RegularExpressions;

namespace InverseScaling.Dashboard.Model;

/// <summary>
/// A user column: the first capture group of <see cref="Pattern"/> in the prompt (the whole match when the pattern has
/// no group; empty when it does not match). Travels in the URL as <c>name=pattern</c>, so a shared link carries it.
/// </summary>
public sealed record RegexColumnSpec
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private RegexColumnSpec(string name, string pattern, Regex regex)
    {
        Name = name;
        Pattern = pattern;
        Regex = regex;
    }

    public string Name { get; }

    public string Pattern { get; }

    private Regex Regex { get; }

    public string Extract(string prompt)
    {
        try
        {
            var match = Regex.Match(prompt);
            return !match.Success ? "" : match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological pattern must not hang the grid; the row simply gets no value.
            return "";
        }
    }

    /// <summary>The URL form, <c>name=pattern</c>.</summary>
    public string Serialize() => $"{Name}={Pattern}";

    /// <summary>Parses a name and pattern; the error says what is wrong, for the dialog that adds a column.</summary>
    public static bool TryCreate(string? name, string? pattern, out RegexColumnSpec? spec, out string? error)
    {
        spec = null;
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Contains('='))
        {
            error = "Give the column a name (without '=').";
            return false;
        }

        if (string.IsNullOrEmpty(pattern))
        {
            error = "Give a regular expression, e.g. (\\d+) repetitions.";
            return false;
        }

        try
        {
            spec = new RegexColumnSpec(name, pattern, new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout));
            error = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            error = $"Not a valid regular expression: {ex.Message}";
            return false;
        }
    }

    /// <summary>Parses the URL form; invalid entries are dropped (a hand-edited link must not break the page).</summary>
    public static IReadOnlyList<RegexColumnSpec> ParseAll(IEnumerable<string>? serialized)
    {
        var specs = new List<RegexColumnSpec>();
        foreach (var item in serialized ?? [])
        {
            var split = item.IndexOf('=');
            if (split > 0 && TryCreate(item[..split], item[(split + 1)..], out var spec, out _))
            {
                specs.Add(spec!);
            }
        }

        return specs;
    }
}
