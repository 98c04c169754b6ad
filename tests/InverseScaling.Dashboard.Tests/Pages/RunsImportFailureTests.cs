using InverseScaling.Dashboard.Components.Pages;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine;
using InverseScaling.Engine.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InverseScaling.Dashboard.Tests.Pages;

/// <summary>
/// Malformed lm-eval samples on the Runs page: the error shows where the import was asked for, and the page stays
/// usable for the next import. Inputs: the bundled NeQA dataset and GPT-3 davinci results.
/// </summary>
public sealed class RunsImportFailureTests : DashboardTestContext, IDisposable
{
    private const string SamplesName = "samples_inverse_scaling_neqa_2024-07-10T12-34-56.123456.jsonl";

    private readonly TempFolder _dataFolder = new();

    public RunsImportFailureTests()
    {
        Services.AddSingleton<IOptions<EngineOptions>>(Options.Create(new EngineOptions { DataFolder = _dataFolder.Path }));
        Store.SaveDataset(TaskFileReader.Read(Path.Combine(BundledContent.Datasets, "neqa_classification.jsonl")));
    }

    [Theory]
    [InlineData("""{"doc_id": 0, "filtered_resps": [["-1", "False"]], "doc": [1, 2]}""")]
    [InlineData("""{"doc_id": 0, "filtered_resps": [["-1", "False"]], "doc": {"prompt": "Q", "classes": [1, 2]}}""")]
    [InlineData("""{"doc_id": 0, "filtered_resps": [["-1", "False"]]}""" + "\n[1, 2]")]
    public void Malformed_samples_by_path_show_an_error_and_the_page_imports_the_next_file(string samples)
    {
        File.WriteAllText(Path.Combine(_dataFolder.Path, SamplesName), samples + "\n");
        File.Copy(Path.Combine(BundledContent.Results, "neqa-gpt3", "davinci.csv"), Path.Combine(_dataFolder.Path, "davinci.csv"));
        var page = RenderAt<Runs>(DashboardUrls.RunsUrl());

        // The model is named on the page, so the import reaches the samples themselves.
        page.Find("[data-testid=import-model] input, input[data-testid=import-model]").Change("pythia-160m");
        page.Find("[data-testid=import-params] input, input[data-testid=import-params]").Change("162322944");
        Import(page, SamplesName);
        page.WaitForAssertion(() => Assert.Equal("false", page.Find("[data-testid=import-result]").GetAttribute("data-ok")));
        Assert.StartsWith(SamplesName + ":1: ", page.Find("[data-testid=import-result]").TextContent.Trim(), StringComparison.Ordinal);

        page.Find("[data-testid=import-model] input, input[data-testid=import-model]").Change("");
        page.Find("[data-testid=import-params] input, input[data-testid=import-params]").Change("");
        Import(page, "davinci.csv");
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=import-result]").GetAttribute("data-ok")));
        Assert.Single(Store.GetRuns());
    }

    private static void Import(IRenderedComponent<Runs> page, string path)
    {
        page.Find("input[data-testid=import-path], [data-testid=import-path] input").Change(path);
        page.Find("[data-testid=import-path-submit]").Click();
    }

    void IDisposable.Dispose() => _dataFolder.Dispose();
}
