using InverseScaling.Dashboard.Services;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;
using Microsoft.Extensions.Options;

namespace InverseScaling.Dashboard.Tests.Services;

/// <summary>The dashboard's import service over a real LiteDB store and the Prize's published NeQA files.</summary>
public sealed class ResultsImportServiceTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("dash-import-");
    private readonly LiteDbResultsStore _store;
    private readonly ResultsImportService _service;

    public ResultsImportServiceTests()
    {
        _store = new LiteDbResultsStore(Path.Combine(_folder.FullName, "results.litedb"));
        _store.SaveDataset(TaskFileReader.Read(Fixtures.InverseScaling("neqa", "neqa_classification.jsonl")));
        var dataFolder = Directory.CreateDirectory(Path.Combine(_folder.FullName, "data")).FullName;
        _service = new ResultsImportService(new ResultsImporter(_store), Options.Create(new EngineOptions { DataFolder = dataFolder }));
    }

    [Fact]
    public async Task Uploaded_pipeline_csv_is_stored_as_an_imported_run_named_after_the_file()
    {
        await using var upload = File.OpenRead(Fixtures.NeqaGpt3Results("ada"));

        var outcome = await _service.ImportUploadAsync("ada.csv", upload, new ImportOptions(), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var run = Assert.Single(_store.GetRuns());
        Assert.Equal("ada", run.ModelName);
        Assert.Equal(350_000_000, run.Parameters);
        Assert.Equal(RunOrigin.Imported, run.Source.Origin);
        Assert.Equal("ada.csv", run.Source.File);
        Assert.Equal(300, _store.GetResults(run.Id).Count);
        // The published table: ada 0.718808 ± 0.014253, accuracy 0.54.
        Assert.Equal(0.718808, run.Aggregate!.MeanLoss!.Value, 6);
        Assert.Equal(0.54, run.Aggregate.Accuracy!.Value, 6);
    }

    [Fact]
    public async Task Malformed_upload_is_refused_naming_the_uploaded_file_and_line_and_nothing_is_stored()
    {
        var lines = File.ReadAllLines(Fixtures.NeqaGpt3Results("ada"));
        lines[5] = "4,not-a-number,1, A,-0.5";
        await using var upload = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines)));

        var outcome = await _service.ImportUploadAsync("ada.csv", upload, new ImportOptions(), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.StartsWith("ada.csv:6:", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath(), outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_store.GetRuns());
    }

    [Fact]
    public async Task Upload_leaves_no_temporary_copy_behind()
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), "inverse-scaling-upload-*").Length;
        await using var upload = File.OpenRead(Fixtures.NeqaGpt3Results("ada"));

        await _service.ImportUploadAsync("ada.csv", upload, new ImportOptions(), CancellationToken.None);

        Assert.Equal(before, Directory.GetDirectories(Path.GetTempPath(), "inverse-scaling-upload-*").Length);
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Delete(recursive: true);
    }
}
