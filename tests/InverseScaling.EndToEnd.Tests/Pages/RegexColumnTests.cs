using System.Text.RegularExpressions;
using InverseScaling.EndToEnd.Tests.Infrastructure;
using InverseScaling.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>
/// A user's own metadata column from a regular expression (issue 6): added on the Examples page, it is a grid column
/// at once and a colour/facet choice on the scatter, without a restart, and the URL carries it.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class RegexColumnTests(DashboardFixture fixture)
{
    private const string Column = "negation";

    /// <summary>The question's negation ("not", "isn't", "aren't"…): five values over NeQA's 300 prompts.</summary>
    private const string Pattern = @"\b(\w+n't|not|never|no)\b";

    [Fact]
    public async Task A_regex_column_added_on_the_examples_page_is_a_grid_column_and_a_scatter_colour()
    {
        var dataset = fixture.Server.Services.GetRequiredService<IResultsStore>().GetDataset("NeQA");
        Assert.NotNull(dataset);
        var expected = dataset.Examples.ToDictionary(
            e => e.Index.ToString(), e => Regex.Match(e.Prompt, Pattern) is { Success: true } m ? m.Groups[1].Value : "");
        var distinct = expected.Values.Distinct().Count();
        Assert.InRange(distinct, 2, 12); // few enough for one trace per value on the scatter

        await using var page = await fixture.OpenAsync("/examples?task=NeQA");
        await page.WaitForCircuitAsync();
        await page.ByTestId("example-row").First.WaitForAsync();
        await AddRegexColumnAsync(page);

        await Assertions.Expect(page.ByTestId("regex-chip")).ToContainTextAsync(Column);
        await Assertions.Expect(page.ByTestId("sort-meta").And(page.Page.Locator($"[data-column='{Column}']"))).ToHaveCountAsync(1);
        var cells = await page.EvaluateAsync<string[][]>(
            """
            column => {
                const headers = Array.from(document.querySelectorAll("[data-testid='examples-grid'] thead th"));
                const at = headers.findIndex(th => th.querySelector(`[data-column='${column}']`));
                return Array.from(document.querySelectorAll("[data-testid='example-row']"))
                    .map(row => [row.dataset.index, row.children[at].innerText.trim()]);
            }
            """,
            Column);
        Assert.NotEmpty(cells);
        foreach (var cell in cells)
        {
            Assert.Equal(expected[cell[0]], cell[1]);
        }

        // To the scatter with the column in its URL; offered as a colour, and grouping the points by its values.
        await page.ByTestId("examples-to-scatter").ClickAsync();
        await Assertions.Expect(page.Page).ToHaveURLAsync(new Regex(@"/scatter\?.*rx="));
        await page.WaitForChartAsync("scatter-chart");
        await page.SelectOptionAsync("scatter-color", Column);
        await Assertions.Expect(page.Page).ToHaveURLAsync(new Regex($"color={Column}"));
        await AssertColouredByColumnAsync(page, expected);

        // A reload (a copied link) keeps the column: it lives in the URL, not in the circuit.
        await page.Page.ReloadAsync();
        await AssertColouredByColumnAsync(page, expected);
        await page.ByTestId("scatter-facet").ClickAsync();
        await Assertions.Expect(page.Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = Column })).ToHaveCountAsync(1);
        Assert.Empty(page.Errors);
    }

    /// <summary>
    /// Types the column and adds it. In the real browser the first field edited after the page loads is sometimes not
    /// taken by the server (the field is then rendered empty again; a product issue noted in the E2E report), so the
    /// fields that do not show their text are filled again until the URL carries the column.
    /// </summary>
    private static async Task AddRegexColumnAsync(DashboardPage page)
    {
        // In the order a user fills the form: the name, then the pattern.
        await page.TextInput("regex-name").FillAsync(Column);
        await page.TextInput("regex-pattern").FillAsync(Pattern);
        await page.ByTestId("regex-add").ClickAsync();
        await Assertions.Expect(page.Page).ToHaveURLAsync(new Regex("rx="));
    }

    private static async Task AssertColouredByColumnAsync(DashboardPage page, IReadOnlyDictionary<string, string> expected)
    {
        await page.Page.WaitForFunctionAsync(
            $"() => document.getElementById('scatter-chart')?.data?.some(t => (t.name ?? '').startsWith('{Column} = '))");
        var traces = await page.ReadChartAsync("scatter-chart");
        Assert.Equal(expected.Count, traces.Sum(t => t.CustomData.Length));
        foreach (var trace in traces)
        {
            Assert.All(trace.CustomData, index => Assert.Equal(trace.Name, $"{Column} = {expected[index]}"));
        }

        Assert.Equal(expected.Values.Distinct().Count(), traces.Count);
    }
}
