namespace InverseScaling.Engine.Data;

/// <summary>
/// Maps the names other tools give the Prize tasks (lm-eval's <c>inverse_scaling_neqa</c>, v0.3's <c>isp_memo_trap</c>,
/// HF's <c>inverse-scaling/hindsight-neglect-10shot</c>, official file names) to the official display names, so
/// imported runs land on the same curves as local runs of the official files. The one place a task name is
/// normalised for comparison (<see cref="OfficialTasks.IsOfficialName"/> asks here too).
/// </summary>
internal static class TaskNames
{
    /// <summary>Round-1 tasks that were replaced in round 2; their data differ, so they keep a name of their own.</summary>
    private static readonly Dictionary<string, string> RoundOne = new(StringComparer.Ordinal)
    {
        ["quoterepetition"] = "Quote Repetition (round 1)",
        ["redefinemath"] = "Redefine Math (round 1)",
    };

    private static readonly Dictionary<string, string> Official = OfficialTasks.All
        .SelectMany(t => new[] { (Key: Normalise(t.Name), t.Name), (Key: Normalise(t.FileName), t.Name) })
        .DistinctBy(p => p.Key)
        .ToDictionary(p => p.Key, p => p.Name, StringComparer.Ordinal);

    /// <summary>The official display name for <paramref name="name"/>, or null when it is not a Prize task.</summary>
    public static string? ToDisplayName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = Normalise(name);
        return Official.GetValueOrDefault(key) ?? RoundOne.GetValueOrDefault(key);
    }

    /// <summary>True when <paramref name="name"/> reads as one of the official release's tasks (its name or file name).</summary>
    public static bool IsOfficial(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Official.ContainsKey(Normalise(name));
    }

    /// <summary>Lower-case letters and digits only, without tool prefixes and file suffixes.</summary>
    private static string Normalise(string name)
    {
        var s = name.Trim().ToLowerInvariant();
        s = s[(s.LastIndexOf('/') + 1)..];
        foreach (var prefix in (string[])["inverse_scaling_", "inverse-scaling-", "isp_"])
        {
            if (s.StartsWith(prefix, StringComparison.Ordinal))
            {
                s = s[prefix.Length..];
            }
        }

        foreach (var suffix in (string[])[".jsonl", "_classification", "-classification", "_sequence-probability", "-sequence-probability", "-10shot", "_10shot"])
        {
            if (s.EndsWith(suffix, StringComparison.Ordinal))
            {
                s = s[..^suffix.Length];
            }
        }

        return new string(s.Where(char.IsAsciiLetterOrDigit).ToArray());
    }
}
