using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using InverseScaling.EndToEnd.Tests.Infrastructure;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>
/// Results computed elsewhere, imported from the dashboard by upload (issue 5): an lm-eval <c>samples_*.jsonl</c>
/// written by hand for NeQA lands on the scaling page as an imported run with the loss recomputed from its
/// log-likelihoods; a malformed file is refused naming the file and line, and nothing of it is stored.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ImportTests(DashboardFixture fixture)
{
    private const long Parameters = 123_000_000;

    [Fact]
    public async Task An_uploaded_lm_eval_samples_file_appears_on_the_scaling_page_as_an_imported_run()
    {
        const string model = "handmade-lm-123m";
        var neqa = NeQA();
        var (content, expectedLoss) = SamplesFile(neqa.Examples);

        await using var page = await fixture.OpenAsync("/runs");
        await page.WaitForCircuitAsync();
        await UploadAsync(page, "samples_NeQA_2024-06-01T12-00-00.123456.jsonl", content, model);

        var result = page.ByTestId("import-result");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-ok", "true");
        await Assertions.Expect(result).ToContainTextAsync($"NeQA × {model}");

        await using var scaling = await fixture.OpenAsync("/scaling?task=NeQA");
        var row = scaling.ByTestId("scaling-row").And(scaling.Page.Locator($"[data-model='{model}']"));
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.GetByTestId("run-source")).ToHaveAttributeAsync("data-origin", "imported");
        var loss = double.Parse(await row.GetAttributeAsync("data-value") ?? "NaN", CultureInfo.InvariantCulture);
        Assert.Equal(expectedLoss, loss, 1e-9);
        var run = Assert.Single(Store.GetRuns("NeQA"), r => r.ModelName == model);
        Assert.Equal(Parameters, run.Parameters);
        Assert.Empty(page.Errors);
        Assert.Empty(scaling.Errors);
    }

    [Fact]
    public async Task A_malformed_upload_is_refused_naming_the_file_and_line_and_stores_nothing()
    {
        const string model = "broken-lm-1b";
        const string fileName = "samples_NeQA_2024-06-02T12-00-00.123456.jsonl";
        var (content, _) = SamplesFile(NeQA().Examples.Take(3).ToList());
        var lines = content.Split('\n');
        lines[0] = lines[0][..(lines[0].Length / 2)]; // a line cut in half, as by an interrupted copy
        var runsBefore = Store.GetRuns("NeQA").Count;

        await using var page = await fixture.OpenAsync("/runs");
        await page.WaitForCircuitAsync();
        await UploadAsync(page, fileName, string.Join('\n', lines), model: null);

        var result = page.ByTestId("import-result");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-ok", "false");
        await Assertions.Expect(result).ToContainTextAsync(fileName);
        await Assertions.Expect(result).ToContainTextAsync(new Regex(@"line 1\b|not valid JSON|format", RegexOptions.IgnoreCase));
        Assert.DoesNotContain(Store.GetRuns("NeQA"), r => r.ModelName == model);
        Assert.Equal(runsBefore, Store.GetRuns("NeQA").Count);
        await Assertions.Expect(page.ByTestId("stored-run").And(page.Page.Locator($"[data-model='{model}']"))).ToHaveCountAsync(0);
        Assert.Empty(page.Errors);
    }

    private IResultsStore Store => fixture.Server.Services.GetRequiredService<IResultsStore>();

    private TaskDataset NeQA() => Store.GetDataset("NeQA") ?? throw new InvalidOperationException("NeQA is not in the store");

    /// <summary>Gives the model's name and size, as a user fills the form, then uploads the file.</summary>
    private static async Task UploadAsync(DashboardPage page, string fileName, string content, string? model)
    {
        if (model is not null)
        {
            await page.TextInput("import-model").FillAsync(model);
            await page.TextInput("import-params").FillAsync(Parameters.ToString(CultureInfo.InvariantCulture));
            // A field's value reaches the server when the field is left, as when the user goes to the file picker.
            await page.TextInput("import-params").PressAsync("Tab");
        }

        await page.Page.Locator("input[type='file']").SetInputFilesAsync(new FilePayload
        {
            Name = fileName,
            MimeType = "application/jsonl",
            Buffer = Encoding.UTF8.GetBytes(content),
        });
        await Assertions.Expect(page.ByTestId("import-result")).ToHaveCountAsync(1);
    }

    /// <summary>
    /// One lm-eval <c>--log_samples</c> line per example (doc, per-class <c>[loglikelihood, is_greedy]</c> as strings,
    /// acc), and the mean Prize loss computed here by hand: −log of the answer's probability renormalised over the classes.
    /// </summary>
    private static (string Content, double MeanLoss) SamplesFile(IReadOnlyList<TaskExample> examples)
    {
        var lines = new StringBuilder();
        var losses = new List<double>();
        foreach (var example in examples)
        {
            var logprobs = example.Classes.Select((_, c) => -1.0 - 0.37 * ((example.Index + 2 * c) % 5)).ToArray();
            var max = logprobs.Max();
            var logSum = max + Math.Log(logprobs.Sum(l => Math.Exp(l - max)));
            losses.Add(logSum - logprobs[example.AnswerIndex]);
            var predicted = Array.IndexOf(logprobs, max);
            lines.Append(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["doc_id"] = example.Index,
                ["doc"] = new Dictionary<string, object> { ["prompt"] = example.Prompt, ["classes"] = example.Classes, ["answer_index"] = example.AnswerIndex },
                ["target"] = example.AnswerIndex,
                ["arguments"] = example.Classes.Select(c => new[] { example.Prompt, c }).ToArray(),
                ["resps"] = logprobs.Select(l => new[] { new[] { l.ToString("R", CultureInfo.InvariantCulture), "False" } }).ToArray(),
                ["filtered_resps"] = logprobs.Select(l => new[] { l.ToString("R", CultureInfo.InvariantCulture), "False" }).ToArray(),
                ["filter"] = "none",
                ["metrics"] = new[] { "acc", "acc_norm" },
                ["acc"] = predicted == example.AnswerIndex ? 1.0 : 0.0,
            })).Append('\n');
        }

        return (lines.ToString(), losses.Average());
    }
}
