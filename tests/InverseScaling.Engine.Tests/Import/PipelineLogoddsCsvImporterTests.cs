using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;
using InverseScaling.Engine.Tests.Storage;

namespace InverseScaling.Engine.Tests.Import;

/// <summary>The Prize pipeline's logodds CSVs (index,logodds_difference,correct,total_logprob), GPT-3's "(x,)" included.</summary>
public sealed class PipelineLogoddsCsvImporterTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly TempFolder _folder = new();
    private readonly LiteDbResultsStore _store;
    private readonly ResultsImporter _importer;
    private readonly TaskDataset _task = TaskFileReader.Read(Fixtures.Path("logodds", "biased-prompt.csv"));

    public PipelineLogoddsCsvImporterTests()
    {
        _store = _db.Open();
        _importer = new ResultsImporter(_store);
    }

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void A_gpt3_file_with_tuple_total_logprobs_lands_on_the_logodds_metric()
    {
        // As GPT3Model wrote them: total_logprob a one-element tuple; CRLF line ends as saved on Windows.
        var file = _folder.Write("davinci.csv", "index,logodds_difference,correct,total_logprob\r\n0,0.5,1,\"(-0.25,)\"\r\n1,-1.5,0,\"(-1.0,)\"\r\n2,2.5,1,\"(-0.5,)\"\r\n");

        var run = Assert.Single(_importer.Import(file, new ImportOptions { Datasets = [_task] }));

        Assert.Equal((_task.Name, TaskType.Logodds, "davinci", 175_000_000_000L), (run.TaskName, run.TaskType, run.ModelName, run.Parameters!.Value));
        Assert.Equal(PipelineLogoddsCsvImporter.Format, run.Source.Format);
        var results = _store.GetResults(run.Id);
        Assert.Equal([0.5, -1.5, 2.5], results.Select(r => r.Loss));
        Assert.Equal([-0.25, -1.0, -0.5], results.Select(r => r.TotalLogprob));
        Assert.Equal([true, false, true], results.Select(r => r.Correct));
        var a = run.Aggregate!;
        Assert.Equal(0.5, a.MeanLoss!.Value, 12);
        Assert.Equal(Aggregator.MeanAndSem([0.5, -1.5, 2.5]).Sem!.Value, a.LossSem!.Value, 12);
        Assert.Equal(2.0 / 3, a.Accuracy!.Value, 12);
        Assert.Null(a.LossBaseline);
    }

    [Fact]
    public void A_plain_number_total_logprob_is_read_as_the_hf_runs_wrote_it()
    {
        var file = _folder.Write("gpt2.csv", "index,logodds_difference,correct,total_logprob\n0,0.1,1,-0.5\n1,0.2,0,-0.6\n2,0.3,1,-0.7\n");

        var run = Assert.Single(_importer.Import(file, new ImportOptions { Datasets = [_task], TaskName = _task.Name }));

        Assert.Equal([-0.5, -0.6, -0.7], _store.GetResults(run.Id).Select(r => r.TotalLogprob));
    }

    [Theory]
    [InlineData("index,logodds_difference,correct,total_logprob\n", "header but no rows", 1)]
    [InlineData("index,logodds_difference,correct,total_logprob\n0,x,1,-0.5\n1,0.2,0,-0.6\n2,0.3,1,-0.7\n", "logodds_difference \"x\" is not a number", 2)]
    [InlineData("index,logodds_difference,correct,total_logprob\n0,0.1,1,-0.5\n1,0.2,0,-0.6\n", "no loaded logodds dataset has 2 examples", null)]
    // The import-value validator (ImportedValues) applies to logodds files too: finite numbers, log-probabilities not above 0.
    [InlineData("index,logodds_difference,correct,total_logprob\n0,NaN,1,-0.5\n1,0.2,0,-0.6\n2,0.3,1,-0.7\n", "logodds_difference \"NaN\" is not a finite number", 2)]
    [InlineData("index,logodds_difference,correct,total_logprob\n0,0.1,1,-0.5\n1,1e400,0,-0.6\n2,0.3,1,-0.7\n", "logodds_difference \"1e400\" is not a finite number", 3)]
    [InlineData("index,logodds_difference,correct,total_logprob\n0,0.1,1,-0.5\n1,0.2,0,0.6\n2,0.3,1,-0.7\n", "total_logprob 0.6 is positive", null)]
    public void A_bad_file_is_refused_by_name_and_line_and_nothing_is_stored(string text, string reason, int? line)
    {
        var file = _folder.Write("ada.csv", text);

        var error = Assert.Throws<ImportException>(() => _importer.Import(file, new ImportOptions { Datasets = [_task] }));

        Assert.Contains(reason, error.Message);
        Assert.Contains("ada.csv", error.Message);
        Assert.Equal(line, error.Line);
        Assert.Empty(_store.GetRuns());
    }

    [Fact]
    public void Negative_differences_do_not_belong_to_an_absolute_logodds_task()
    {
        var absolute = TaskTypeOverride.Apply(_task, TaskType.AbsoluteLogodds);
        var file = _folder.Write("ada.csv", "index,logodds_difference,correct,total_logprob\n0,0.1,1,-0.5\n1,-0.2,0,-0.6\n2,0.3,1,-0.7\n");

        var error = Assert.Throws<ImportException>(() => _importer.Import(file, new ImportOptions { Datasets = [absolute] }));

        Assert.Contains("absolute_logodds", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Non_negative_differences_import_onto_an_absolute_logodds_task()
    {
        var absolute = TaskTypeOverride.Apply(_task, TaskType.AbsoluteLogodds);
        var file = _folder.Write("ada.csv", "index,logodds_difference,correct,total_logprob\n0,0.1,1,-0.5\n1,0.2,0,-0.6\n2,0.3,1,-0.7\n");

        var run = Assert.Single(_importer.Import(file, new ImportOptions { Datasets = [absolute] }));

        Assert.Equal((absolute.Name, TaskType.AbsoluteLogodds), (run.TaskName, run.TaskType));
        Assert.Equal(0.2, run.Aggregate!.MeanLoss!.Value, 12);
    }
}
