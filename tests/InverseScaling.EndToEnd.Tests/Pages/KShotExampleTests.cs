using InverseScaling.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>A k-shot run scored from the browser, and its example page: the long prompt opens at its own question.</summary>
[Collection(DashboardCollection.Name)]
public sealed class KShotExampleTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_two_shot_example_opens_with_its_own_question_in_view_and_the_demonstrations_above()
    {
        await using var runs = await fixture.OpenAsync("/runs");
        await runs.WaitForCircuitAsync();
        await runs.SelectOptionAsync("runs-models", "stories260K (");
        await runs.SelectOptionAsync("runs-tasks", "Hindsight Neglect (");
        var shots = runs.TextInput("runs-shots");
        await shots.FillAsync("2");
        await shots.PressAsync("Tab");
        await Assertions.Expect(runs.ByTestId("runs-start")).ToContainTextAsync("Start 1 run");
        await runs.ByTestId("runs-start").ClickAsync();
        var job = runs.ByTestId("run-job").And(runs.Page.Locator("[data-task='Hindsight Neglect'][data-model='stories260K']"));
        await Assertions.Expect(job).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 180_000 });

        await using var example = await fixture.OpenAsync("/example?task=Hindsight%20Neglect&shots=2&index=3");
        await Assertions.Expect(example.ByTestId("example-kshot")).ToContainTextAsync("2 demonstrations");
        var geometry = await example.Page.EvaluateAsync<double[]>(
            """
            () => {
                const rect = id => document.querySelector(`[data-testid=${id}]`).getBoundingClientRect();
                const [box, own, demos] = ['example-prompt', 'example-own-prompt', 'example-demonstrations'].map(rect);
                const content = document.querySelector('[data-testid=example-prompt]');
                return [box.top, box.bottom, own.bottom, demos.top, content.scrollHeight, content.clientHeight];
            }
            """);
        var (boxTop, boxBottom, ownBottom, demonstrationsTop, scrollHeight, clientHeight) =
            (geometry[0], geometry[1], geometry[2], geometry[3], geometry[4], geometry[5]);

        // Taller than its box, so there is something to scroll …
        Assert.True(scrollHeight > clientHeight, $"prompt {scrollHeight}px in a {clientHeight}px box");
        // … and the box shows the end: the question's last line inside it, the demonstrations cut off above.
        Assert.InRange(ownBottom, boxTop, boxBottom + 1);
        Assert.True(demonstrationsTop < boxTop, $"demonstrations start at {demonstrationsTop}, the box at {boxTop}");
        Assert.Empty(runs.Errors);
        Assert.Empty(example.Errors);
    }
}
