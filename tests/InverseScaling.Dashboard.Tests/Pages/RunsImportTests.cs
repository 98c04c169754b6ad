using InverseScaling.Dashboard.Components.Pages;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine;
using InverseScaling.Engine.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InverseScaling.Dashboard.Tests.Pages;

/// <summary>The Runs page's import by a path inside the configured data folder, with the Prize's published NeQA files.</summary>
public sealed class RunsImportTests : DashboardTestContext, IDisposable
{
    private readonly TempFolder _dataFolder = new();

    public RunsImportTests()
    {
        Services.AddSingleton<IOptions<EngineOptions>>(Options.Create(new EngineOptions { DataFolder = _dataFolder.Path }));
        Store.SaveDataset(TaskFileReader.Read(Fixtures.InverseScaling("neqa", "neqa_classification.jsonl")));
    }

    private IRenderedComponent<Runs> ImportPath(string path)
    {
        var page = RenderAt<Runs>(DashboardUrls.RunsUrl());
        page.Find("input[data-testid=import-path], [data-testid=import-path] input").Change(path);
        page.Find("[data-testid=import-path-submit]").Click();
        page.WaitForElement("[data-testid=import-result]");
        return page;
    }

    [Fact]
    public void A_file_inside_the_data_folder_imports_and_its_run_is_listed()
    {
        Directory.CreateDirectory(Path.Combine(_dataFolder.Path, "neqa"));
        File.Copy(Fixtures.NeqaGpt3Results("davinci"), Path.Combine(_dataFolder.Path, "neqa", "davinci.csv"));

        var page = ImportPath("neqa/davinci.csv");

        var result = page.Find("[data-testid=import-result]");
        Assert.Equal("true", result.GetAttribute("data-ok"));
        Assert.Contains("× davinci", result.TextContent, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Contains(
            page.FindAll("[data-testid=stored-run]"),
            r => r.GetAttribute("data-model") == "davinci" && r.QuerySelector("[data-testid=run-source]")!.GetAttribute("data-origin") == "imported"));
        // The published davinci loss, 0.757851.
        Assert.Equal(0.757851, Store.GetRuns().Single().Aggregate!.MeanLoss!.Value, 6);
    }

    [Fact]
    public void A_path_outside_the_data_folder_is_refused_and_not_read()
    {
        var outside = Path.GetFullPath(Fixtures.NeqaGpt3Results("ada"));

        var page = ImportPath("../" + Path.GetRelativePath(Path.GetDirectoryName(_dataFolder.Path)!, outside));
        var absolute = ImportPath(outside);

        foreach (var result in new[] { page.Find("[data-testid=import-result]"), absolute.Find("[data-testid=import-result]") })
        {
            Assert.Equal("false", result.GetAttribute("data-ok"));
            Assert.Contains("only files inside the data folder", result.TextContent, StringComparison.Ordinal);
            // The page never shows where the server keeps its files.
            Assert.DoesNotContain(_dataFolder.Path, result.TextContent, StringComparison.Ordinal);
        }

        Assert.Empty(Store.GetRuns());
    }

    [Fact]
    public void A_malformed_file_shows_the_importers_message_with_file_and_line_and_stores_nothing()
    {
        var lines = File.ReadAllLines(Fixtures.NeqaGpt3Results("curie"));
        lines[10] = "9,0.5,maybe, A,-0.7";
        var path = Path.Combine(_dataFolder.Path, "curie.csv");
        File.WriteAllLines(path, lines);

        var page = ImportPath("curie.csv");

        var result = page.Find("[data-testid=import-result]");
        Assert.Equal("false", result.GetAttribute("data-ok"));
        // Named relative to the data folder: no absolute server path reaches the page.
        Assert.StartsWith("curie.csv:11:", result.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(Store.GetRuns());
        Assert.Empty(page.FindAll("[data-testid=stored-run]"));
    }

    [Fact]
    public void A_missing_file_says_so()
    {
        var page = ImportPath("nowhere.csv");

        Assert.Contains("no such file", page.Find("[data-testid=import-result]").TextContent, StringComparison.Ordinal);
    }

    void IDisposable.Dispose() => _dataFolder.Dispose();
}
