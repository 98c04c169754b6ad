using InverseScaling.Dashboard.Services;
using InverseScaling.Engine;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;
using Microsoft.Extensions.Options;

namespace InverseScaling.Dashboard.Tests.Services;

/// <summary>
/// Import by path follows links before the data-folder check and never shows what a refused file holds; pages show
/// source files relative to the data folder. Inputs: the bundled NeQA dataset and GPT-3 ada results.
/// </summary>
public sealed class DataFolderPathsTests : IDisposable
{
    private const string Secret = "root:x:0:0:the first line of a file outside the data folder";

    private readonly TempDatabase _db = new();
    private readonly string _data;
    private readonly string _outside;
    private readonly LiteDbResultsStore _store;
    private readonly ResultsImportService _service;

    public DataFolderPathsTests()
    {
        _data = Directory.CreateDirectory(Path.Combine(_db.Folder, "data")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_db.Folder, "outside")).FullName;
        _store = _db.Open();
        _store.SaveDataset(TaskFileReader.Read(Path.Combine(BundledContent.Datasets, "neqa_classification.jsonl")));
        var importer = new ResultsImporter(_store);
        _service = new ResultsImportService(importer, new FolderImporter(_store, importer), Options.Create(new EngineOptions { DataFolder = _data }));
    }

    private static string Ada => Path.Combine(BundledContent.Results, "neqa-gpt3", "ada.csv");

    [Fact]
    public async Task A_link_to_a_file_outside_the_data_folder_is_refused_without_reading_it()
    {
        var secret = Path.Combine(_outside, "passwd.csv");
        File.WriteAllText(secret, Secret + "\n");
        File.CreateSymbolicLink(Path.Combine(_data, "ada.csv"), secret);

        var outcome = await _service.ImportPathAsync("ada.csv", new ImportOptions());

        Assert.Equal("ada.csv: only files inside the data folder can be imported from the dashboard (links are followed).", outcome.Error);
        Assert.Empty(_store.GetRuns());
    }

    [Fact]
    public async Task A_linked_folder_leading_outside_is_refused_too()
    {
        File.WriteAllText(Path.Combine(_outside, "ada.csv"), Secret + "\n");
        Directory.CreateSymbolicLink(Path.Combine(_data, "results"), _outside);

        var outcome = await _service.ImportPathAsync("results/ada.csv", new ImportOptions());

        Assert.StartsWith("results/ada.csv: only files inside the data folder", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_results_is_refused_without_echoing_its_content()
    {
        File.WriteAllText(Path.Combine(_data, "notes.csv"), Secret + "\n");

        var outcome = await _service.ImportPathAsync("notes.csv", new ImportOptions());

        Assert.StartsWith("notes.csv:1: ", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_db.Folder, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_inside_the_data_folder_imports_and_the_run_names_the_file_relative_to_the_folder()
    {
        var stored = Directory.CreateDirectory(Path.Combine(_data, "gpt3")).FullName;
        File.Copy(Ada, Path.Combine(stored, "ada.csv"));
        File.CreateSymbolicLink(Path.Combine(_data, "latest.csv"), Path.Combine(stored, "ada.csv"));

        var outcome = await _service.ImportPathAsync("latest.csv", new ImportOptions());

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("gpt3/ada.csv", Assert.Single(_store.GetRuns()).Source.File);
    }

    [Fact]
    public void Pages_show_source_files_relative_to_the_data_folder_or_the_bundled_content_and_never_a_server_path()
    {
        var paths = new DataFolderPaths(_data);

        Assert.Equal("gpt3/ada.csv", paths.Shown(Path.Combine(_data, "gpt3", "ada.csv")));
        Assert.Equal("bundled/results/neqa-gpt3/ada.csv", paths.Shown(Ada));
        Assert.Equal("ada.csv", paths.Shown("/home/someone/private/ada.csv"));
        Assert.Equal("uploaded.csv", paths.Shown("uploaded.csv"));
        Assert.Null(paths.Shown(null));
    }

    public void Dispose() => _db.Dispose();
}
