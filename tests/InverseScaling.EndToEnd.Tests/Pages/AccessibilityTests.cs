using System.Text.Json;
using InverseScaling.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>
/// Accessibility (issue 11): axe-core (vendored in tests/fixtures/axe-core, no network) finds no serious or critical
/// violation on any page in either theme — WCAG AA contrast included — and the example rows work from the keyboard.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class AccessibilityTests(DashboardFixture fixture)
{
    private static readonly (string Url, string Ready)[] Pages =
    [
        ("/", "[data-testid='overview-card']"),
        ("/scaling?task=NeQA", "#scaling-chart[data-rendered='true']"),
        ("/examples?task=NeQA", "[data-testid='example-row']"),
        ("/example?task=NeQA&index=0", "[data-testid='example-models']"),
        ("/scatter?task=NeQA&a=ada&b=davinci", "#scatter-chart[data-rendered='true']"),
        ("/runs", "[data-testid='stored-runs']"),
        ("/no-such-page", "[data-testid='not-found']"),
    ];

    private static readonly Lazy<string> Axe = new(() => File.ReadAllText(AxePath()));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task No_page_has_a_serious_axe_violation(bool dark)
    {
        await using var page = await fixture.OpenAsync("/");
        if (dark)
        {
            await ScreenshotTests.SwitchToDarkAsync(page);
        }

        var found = new List<string>();
        foreach (var (url, ready) in Pages)
        {
            await page.Page.GotoAsync(url);
            await page.Page.Locator(ready).First.WaitForAsync();
            await page.Page.AddScriptTagAsync(new() { Content = Axe.Value });
            var violations = await page.EvaluateAsync<Violation[]>(
                """
                async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary ?? '').split('\n').slice(1, 2).join('')) }))
                """);
            found.AddRange(violations.Select(v => $"{url} [{(dark ? "dark" : "light")}] {v.Id} ({v.Impact}): {string.Join(" | ", v.Targets)}"));
        }

        Assert.True(found.Count == 0, string.Join('\n', found));
    }

    [Fact]
    public async Task An_example_row_is_reached_with_tab_and_opened_with_enter()
    {
        await using var page = await fixture.OpenAsync("/examples?task=NeQA");
        await page.WaitForCircuitAsync();
        await page.ByTestId("example-row").First.WaitForAsync();

        // Tab through the controls above the grid until the first row has the focus.
        var reached = false;
        for (var presses = 0; presses < 80 && !reached; presses++)
        {
            await page.Page.Keyboard.PressAsync("Tab");
            reached = await page.Page.EvaluateAsync<bool>("() => document.activeElement?.dataset.testid === 'example-row'");
        }

        Assert.True(reached, "no example row was reached with Tab");
        Assert.Equal("0", await page.Page.EvaluateAsync<string>("() => document.activeElement.dataset.index"));
        // Focus is visible: the focused row draws an outline.
        Assert.Equal("solid", await page.Page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        await page.Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/example\\?.*index=0"));
    }

    private sealed record Violation(string Id, string Impact, string[] Targets);

    private static string AxePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "axe-core", "axe.min.js");
            if (File.Exists(Path.Combine(dir.FullName, "InverseScaling.slnx")) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/fixtures/axe-core/axe.min.js not found above " + AppContext.BaseDirectory);
    }
}
