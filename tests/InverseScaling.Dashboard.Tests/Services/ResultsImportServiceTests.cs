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
    private readonly TempDatabase _db = new();
    private readonly LiteDbResultsStore _store;
    private readonly ResultsImportService _service;

    public ResultsImportServiceTests()
    {
        _store = _db.Open();
        _store.SaveDataset(TaskFileReader.Read(Fixtures.InverseScaling("neqa", "neqa_classification.jsonl")));
        var dataFolder = Directory.CreateDirectory(Path.Combine(_db.Folder, "data")).FullName;
        var importer = new ResultsImporter(_store);
        _service = new ResultsImportService(importer, new FolderImporter(_store, importer), Options.Create(new EngineOptions { DataFolder = dataFolder }));
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
    public async Task A_folder_path_imports_everything_in_it_and_summarises_each_file()
    {
        const string context = @"Q: Which is a fruit?\nA:"; // JSON-escaped newline
        var tree = Path.Combine(_service.DataFolder, "lm-eval-out", "acme__toy-lm-70m");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "samples_fruit_2024-07-10T12-34-56.123456.jsonl"),
            $$$"""{"doc_id": 0, "doc": {}, "target": "0", "arguments": {"gen_args_0": {"arg_0": "{{{context}}}", "arg_1": " apple"}, "gen_args_1": {"arg_0": "{{{context}}}", "arg_1": " chair"}}, "filtered_resps": [["-1.5", "False"], ["-2.5", "False"]], "acc": 1.0}""" + "\n");
        File.WriteAllText(Path.Combine(tree, "notes.txt"), "not results");

        var outcome = await _service.ImportPathAsync("lm-eval-out", new ImportOptions { Parameters = 70_000_000 });

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.True(outcome.Runs.Count == 1, string.Join("\n", outcome.Folder!.Files.Select(f => f.Skipped)));
        var run = outcome.Runs[0];
        Assert.Equal(("fruit", "toy-lm-70m"), (run.TaskName, run.ModelName));
        Assert.Equal(Math.Log(1 + Math.Exp(-1.0)), run.Aggregate!.MeanLoss!.Value, 12);
        var text = InverseScaling.Dashboard.Model.FolderImportText.Summary(outcome.Folder!);
        Assert.Contains("2 files, 1 read, 1 skipped", text);
        Assert.Contains("1 × lm-eval samples → 1 runs", text);
        Assert.Contains("skipped acme__toy-lm-70m/notes.txt: not a results file (.txt)", text);
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

    public void Dispose() => _db.Dispose();
}
