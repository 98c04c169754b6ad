using InverseScaling.Dashboard.Components.Pages;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InverseScaling.Dashboard.Tests.Pages;

/// <summary>The Runs page's "Add a model folder", with the export folders of <see cref="Fixtures.TinyStoriesFamily"/>.</summary>
public sealed class RunsModelFolderTests : DashboardTestContext, IDisposable
{
    private readonly TempFolder _dataFolder = new();

    public RunsModelFolderTests()
    {
        Services.AddSingleton<IOptions<EngineOptions>>(Options.Create(new EngineOptions { DataFolder = _dataFolder.Path }));
    }

    private IRenderedComponent<Runs> AddFolder(string path)
    {
        var page = RenderAt<Runs>(DashboardUrls.RunsUrl());
        page.Find("input[data-testid=model-folder-path], [data-testid=model-folder-path] input").Change(path);
        page.Find("[data-testid=model-folder-submit]").Click();
        page.WaitForElement("[data-testid=model-folder-result]");
        return page;
    }

    [Fact]
    public void A_family_folder_inside_the_data_folder_registers_its_models_and_shows_where_each_field_came_from()
    {
        FolderCopy.Copy(Fixtures.TinyStoriesFamily, Path.Combine(_dataFolder.Path, "tiny"));

        var page = AddFolder("tiny");

        var result = page.Find("[data-testid=model-folder-result]");
        Assert.Equal("true", result.GetAttribute("data-ok"));
        Assert.Equal(3, page.FindAll("[data-testid=model-folder-model]").Count);
        Assert.Contains("config.json max_position_embeddings", result.TextContent, StringComparison.Ordinal);
        Assert.Contains("precomputed rotary tables left out", result.TextContent, StringComparison.Ordinal);
        Assert.Equal(["tiny"], Store.GetModels().Select(m => m.Manifest.Family).Distinct());
        Assert.Equal(3, Store.GetModels().Count);
    }

    [Fact]
    public void Registered_models_with_derived_fields_list_where_each_came_from()
    {
        Store.SaveModel(Engine.Models.ModelFolder.Load(Path.Combine(Fixtures.TinyStoriesFamily, "TinyStories-656K")));

        var page = RenderAt<Runs>(DashboardUrls.RunsUrl());

        var sources = page.Find("[data-testid=model-sources]");
        Assert.Contains("1 registered model without a full model.json", sources.TextContent, StringComparison.Ordinal);
        Assert.Contains("maxContext: config.json max_position_embeddings", sources.TextContent, StringComparison.Ordinal);
        Assert.Contains("addBos: tokenizer_config.json add_bos_token", sources.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_outside_the_data_folder_is_refused_and_nothing_is_registered()
    {
        var page = AddFolder(Fixtures.TinyStoriesFamily);

        var result = page.Find("[data-testid=model-folder-result]");
        Assert.Equal("false", result.GetAttribute("data-ok"));
        Assert.Contains("only folders inside the data folder", result.TextContent, StringComparison.Ordinal);
        Assert.Empty(Store.GetModels());
    }

    void IDisposable.Dispose() => _dataFolder.Dispose();
}
