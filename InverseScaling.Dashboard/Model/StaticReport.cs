using System.Net;
using System.Text;

namespace InverseScaling.Dashboard.Model;

/// <summary>One chart of a report: its title, the data behind it (CSV) and where its SVG goes.</summary>
public sealed record ReportChart(string Title, string? Csv);

/// <summary>
/// "Export report": one self-contained HTML file (inline CSS, charts as inline SVG, the numbers as tables, the view's
/// URL and a methods note) that opens offline in any browser, from file:// or as a mail attachment. The SVGs are drawn
/// by plotly in the browser and put where <see cref="ChartSlot"/> marks.
/// </summary>
public static class StaticReport
{
    public static string ChartSlot(int index) => $"<!--chart:{index}-->";

    public static string Build(string title, string url, IReadOnlyList<ReportChart> charts, IReadOnlyList<string> notes, DateTimeOffset created)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(title)).Append("</title>\n")
            .Append("<style>body{font:15px/1.5 Roboto,Helvetica,Arial,sans-serif;color:#222;background:#fff;max-width:1100px;margin:24px auto;padding:0 16px}")
            .Append("h1{font-size:26px}h2{font-size:19px;margin-top:32px}table{border-collapse:collapse;font-size:13px;margin:8px 0}")
            .Append("td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}svg{max-width:100%;height:auto}code{font-size:13px}</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(E(title)).Append("</h1>\n")
            .Append("<p>View: <code data-testid=\"report-url\">").Append(E(url)).Append("</code> (open it in the dashboard to get the live view back). Exported ")
            .Append(created.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)).Append(".</p>\n");
        for (var i = 0; i < charts.Count; i++)
        {
            html.Append("<h2>").Append(E(charts[i].Title)).Append("</h2>\n<figure>").Append(ChartSlot(i)).Append("</figure>\n");
            if (charts[i].Csv is { } csv)
            {
                AppendTable(html, csv);
            }
        }

        html.Append("<h2>Methods and caveats</h2>\n<ul>\n");
        foreach (var note in MethodNotes.Concat(notes))
        {
            html.Append("<li>").Append(E(note)).Append("</li>\n");
        }

        return html.Append("</ul>\n</body>\n</html>\n").ToString();
    }

    /// <summary>What every report says about how its numbers were made.</summary>
    public static IReadOnlyList<string> MethodNotes { get; } =
    [
        "Loss: the Inverse Scaling Prize's metric, the negative log-probability of the answer after renormalising over the classes, averaged over examples; accuracy: the answer has the highest class log-probability.",
        "Error bars: standard error of the mean (population standard deviation / √n), as in the Prize.",
        "Verdicts: " + TrendClassifier.Explanation,
        "Δ loss = loss(B) − loss(A), B by default the larger model: positive means B is worse (inverse scaling). Intervals on a mean Δ are paired bootstrap 95 % percentile intervals over the examples.",
        "Sources: each table's source columns name where every number came from (scored locally, or the imported file and its publication).",
    ];

    private static void AppendTable(StringBuilder html, string csv)
    {
        html.Append("<table>\n");
        var first = true;
        foreach (var row in CsvRows(csv))
        {
            var cell = first ? "th" : "td";
            html.Append("<tr>");
            foreach (var value in row)
            {
                html.Append('<').Append(cell).Append('>').Append(E(value)).Append("</").Append(cell).Append('>');
            }

            html.Append("</tr>\n");
            first = false;
        }

        html.Append("</table>\n");
    }

    /// <summary>Reads back the RFC 4180 text <see cref="Model.Csv.Write"/> produces (quoted cells, doubled quotes, CRLF rows).</summary>
    private static IEnumerable<List<string>> CsvRows(string csv)
    {
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                yield return row;
                row = [];
            }
            else if (c != '\r')
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            yield return row;
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
