using System.Globalization;

namespace InverseScaling.Dashboard.Model;

/// <summary>
/// Compares text with runs of digits as numbers ("T2" before "T10"), case-insensitively otherwise: template names,
/// symbol pairs and other nominal metadata values read in the order a person would list them.
/// </summary>
public sealed class NaturalOrder : IComparer<string>
{
    public static NaturalOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var (i, j) = (0, 0);
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var (endX, endY) = (DigitsEnd(x, i), DigitsEnd(y, j));
                var byNumber = CompareDigits(x.AsSpan(i, endX - i), y.AsSpan(j, endY - j));
                if (byNumber != 0)
                {
                    return byNumber;
                }

                (i, j) = (endX, endY);
                continue;
            }

            var byChar = char.ToLowerInvariant(x[i]).CompareTo(char.ToLowerInvariant(y[j]));
            if (byChar != 0)
            {
                return byChar;
            }

            (i, j) = (i + 1, j + 1);
        }

        var byLength = (x.Length - i).CompareTo(y.Length - j);
        return byLength != 0 ? byLength : string.CompareOrdinal(x, y);
    }

    private static int DigitsEnd(string text, int start)
    {
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end;
    }

    // Any length of digits: leading zeros dropped, then the longer number is the larger, then digit by digit.
    private static int CompareDigits(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
    }
}
