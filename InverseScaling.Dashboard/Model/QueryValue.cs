using System.Globalization;

namespace InverseScaling.Dashboard.Model;

/// <summary>
/// Numbers and flags from the query string, read leniently. Blazor's [SupplyParameterFromQuery] throws on
/// <c>?page=abc</c> for an <c>int?</c> parameter, which the server answers with HTTP 500; so pages take such values as
/// strings and read them here. A value that cannot be read is ignored, and a note naming it is added for the page to show.
/// </summary>
public static class QueryValue
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name",
        Justification = "Int and Bool name the kind of value read, as int.TryParse and bool.TryParse do; pages read QueryValue.Int(page, \"page\", notes).")]
    public static int? Int(string? text, string key, ICollection<string> notes)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        notes.Add($"Ignored {key}={text}: not a whole number.");
        return null;
    }

    public static bool? Bool(string? text, string key, ICollection<string> notes)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        notes.Add($"Ignored {key}={text}: not true or false.");
        return null;
    }
}
