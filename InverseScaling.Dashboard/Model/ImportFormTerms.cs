using System.Text.RegularExpressions;

namespace InverseScaling.Dashboard.Model;

/// <summary>
/// The importers speak to the command line ("name it (--task NAME)"); the Runs page's import form has fields instead.
/// Rewrites such hints into the form's terms, so a refusal tells the user which field to fill in.
/// </summary>
public static partial class ImportFormTerms
{
    public static string Rewrite(string message)
    {
        var text = ModelAndParams().Replace(message, "the Parameters field");
        text = Task().Replace(text, "the Task field");
        text = ModelFlag().Replace(text, "the Model field");
        text = Params().Replace(text, "the Parameters field");
        return Family().Replace(text, "the Family field");
    }

    [GeneratedRegex(@"--model\s+\S+\s+--params\s+N\b")]
    private static partial Regex ModelAndParams();

    [GeneratedRegex(@"--task\s+(NAME|FILE)\b")]
    private static partial Regex Task();

    [GeneratedRegex(@"--model\s+NAME\b")]
    private static partial Regex ModelFlag();

    [GeneratedRegex(@"--params\s+N\b")]
    private static partial Regex Params();

    [GeneratedRegex(@"--family\s+F\b")]
    private static partial Regex Family();
}
