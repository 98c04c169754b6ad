using System.Text.Json;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;
using InverseScaling.Engine.Tests.Storage;

namespace InverseScaling.Engine.Tests.Import;

/// <summary>
/// Hostile values in every import layout are refused by name, with the file and line where the layout has lines,
/// and nothing of the file is stored. Inputs are the bundled NeQA dataset and GPT-3 ada file (shipped in the
/// repository), altered one cell at a time.
/// </summary>
public sealed class ImportedValuesTests : IDisposable
{
    private const string Date = "2024-07-10T12-34-56.123456";

    private static readonly Lazy<TaskDataset> LazyNeqa = new(() => TaskFileReader.Read(Path.Combine(BundledContent.Datasets, "neqa_classification.jsonl")));

    private readonly TempDatabase _db = new();
    private readonly TempFolder _files = new();
    private readonly LiteDbResultsStore _store;
    private readonly ResultsImporter _importer;

    public ImportedValuesTests()
    {
        _store = _db.Open();
        _importer = new ResultsImporter(_store);
    }

    public void Dispose()
    {
        _db.Dispose();
        _files.Dispose();
    }

    private static TaskDataset Neqa => LazyNeqa.Value;

    private static ImportOptions Options => new() { Datasets = [Neqa] };

    private static string[] AdaLines => File.ReadAllLines(Path.Combine(BundledContent.Results, "neqa-gpt3", "ada.csv"));

    /// <summary>ada.csv with one cell of its first data row (file line 2) replaced.</summary>
    private string AdaWith(int column, string value)
    {
        var lines = AdaLines;
        var cells = lines[1].Split(',');
        cells[column] = value;
        lines[1] = string.Join(',', cells);
        return _files.Write("ada.csv", string.Join('\n', lines) + "\n");
    }

    private ImportException Refused(string path, ImportOptions? options = null)
    {
        var ex = Assert.Throws<ImportException>(() => _importer.Import(path, options ?? Options));
        Assert.Contains(path, ex.Message);
        Assert.Empty(_store.GetRuns());
        return ex;
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e400")]
    public void A_loss_that_is_not_finite_is_refused_with_its_line(string loss)
    {
        var ex = Refused(AdaWith(1, loss));

        Assert.Equal(2, ex.Line);
        Assert.Equal($"loss \"{loss}\" is not a finite number", ex.Reason);
    }

    [Fact]
    public void A_negative_loss_and_a_positive_log_probability_are_refused()
    {
        Assert.Equal("loss -0.5 is negative; it cannot be below 0", Refused(AdaWith(1, "-0.5")).Reason);
        Assert.Equal("total_logprob 0.25 is positive; a log-probability cannot be above 0", Refused(AdaWith(4, "0.25")).Reason);
    }

    [Fact]
    public void A_NUL_byte_is_refused_before_it_can_cut_a_number_short()
    {
        // Left alone, double.Parse reads "0.5875\0 9" as 0.5875.
        var ex = Refused(AdaWith(1, "0.5875\0 9"));

        Assert.Equal(2, ex.Line);
        Assert.Contains("NUL byte", ex.Reason);
    }

    [Theory]
    [InlineData("7.5", "0.7", "300", "accuracy 7.5 is outside 0 to 1")]
    [InlineData("-0.1", "0.7", "300", "accuracy -0.1 is outside 0 to 1")]
    [InlineData("0.5", "NaN", "300", "loss \"NaN\" is not a finite number")]
    [InlineData("0.5", "-2", "300", "loss -2 is negative; it cannot be below 0")]
    [InlineData("0.5", "0.7", "99999999999", "n_examples 99999999999 is not a number of examples (1 to 2,147,483,647)")]
    [InlineData("0.5", "0.7", "-5", "n_examples -5 is not a number of examples (1 to 2,147,483,647)")]
    [InlineData("0.5", "0.7", "1e400", "n_examples \"1e400\" is not a finite number")]
    public void Aggregate_table_values_out_of_range_are_refused_with_their_line(string accuracy, string loss, string n, string reason)
    {
        var path = _files.Write("opt.csv", $"model,params,task,accuracy,loss,n_examples\nopt-125m,125000000,NeQA,0.5,0.7,300\nopt-350m,350000000,NeQA,{accuracy},{loss},{n}\n");

        var ex = Refused(path);

        Assert.Equal(3, ex.Line);
        Assert.Equal(reason, ex.Reason);
    }

    [Theory]
    [InlineData("7.5", "NeQA × pythia-160m: accuracy 7.5 is outside 0 to 1")]
    [InlineData("1e400", "task inverse_scaling_neqa's \"acc,none\" \"1e400\" is not a finite number")]
    public void Lm_eval_results_out_of_range_are_refused(string accuracy, string reason)
    {
        var path = _files.Write($"results_{Date}.json", $$$"""
            {"results": {"inverse_scaling_neqa": {"acc,none": {{{accuracy}}}, "acc_stderr,none": 0.02}},
             "n-samples": {"inverse_scaling_neqa": {"original": 300, "effective": 300}},
             "config": {"model_args": "pretrained=EleutherAI/pythia-160m", "model_num_parameters": 162322944}}
            """);

        Assert.Equal(reason, Refused(path).Reason);
    }

    [Theory]
    [InlineData("\"NaN\"", "a filtered response's log-likelihood \"NaN\" is not a finite number")]
    [InlineData("1e400", "a filtered response's log-likelihood \"1e400\" is not a finite number")]
    [InlineData("\"0.5\"", "a filtered response's log-likelihood 0.5 is positive; a log-probability cannot be above 0")]
    public void Lm_eval_samples_with_impossible_log_likelihoods_are_refused_with_their_line(string logLikelihood, string reason)
    {
        var first = Neqa.Examples[0];
        var doc = JsonSerializer.Serialize(new { prompt = first.Prompt, classes = first.Classes, answer_index = first.AnswerIndex });
        var arguments = MalformedLmEvalTests.LmEvalArguments(first.Prompt, first.Classes);
        var line = $$"""{"doc_id": 0, "doc": {{doc}}, "target": {{first.AnswerIndex}}, "arguments": {{arguments}}, "filtered_resps": [[{{logLikelihood}}, "False"], ["-1.5", "False"]], "filter": "none"}""";
        var path = _files.Write($"samples_inverse_scaling_neqa_{Date}.jsonl", line + "\n");

        var ex = Refused(path, Options with { ModelName = "pythia-160m", Parameters = 162_322_944 });

        Assert.Equal(1, ex.Line);
        Assert.Equal(reason, ex.Reason);
    }

    [Fact]
    public void A_table_larger_than_the_configured_limit_is_refused_by_size_before_it_is_read()
    {
        // An aggregate table is read whole (per-example pipeline CSVs stream and have no such limit).
        var rows = Enumerable.Range(0, 60_000).Select(i => $"model-{i},1000000,tiny,0.5,0.69");
        var path = _files.Write("table.csv", "model,params,task,accuracy,loss\n" + string.Join('\n', rows) + "\n");
        var importer = new ResultsImporter(_store, Microsoft.Extensions.Options.Options.Create(new EngineOptions { MaxTableImportMegabytes = 1 }));

        var ex = Assert.Throws<ImportException>(() => importer.Import(path, Options));

        Assert.Equal("2 MB is more than the 1 MB this format is read whole up to (InverseScaling:MaxTableImportMegabytes)", ex.Reason);
        Assert.Empty(_store.GetRuns());
    }

    [Fact]
    public void A_class_exported_as_a_neutralised_formula_reads_back_as_the_class()
    {
        var task = _files.Write("formula.jsonl", string.Join('\n',
            """{"prompt": "Pick one:", "classes": "['=1+1', ' B']", "answer_index": 0}""",
            """{"prompt": "Pick again:", "classes": "['=1+1', ' B']", "answer_index": 1}""") + "\n");
        var dataset = TaskFileReader.Read(task);
        var csv = new System.Text.StringBuilder();
        CsvWriter.AppendRow(csv, ["index", "loss", "correct", "predicted", "total_logprob"], "\n");
        CsvWriter.AppendRow(csv, ["0", "0.1", "1", "=1+1", "-0.2"], "\n");
        CsvWriter.AppendRow(csv, ["1", "2.3", "0", "=1+1", "-0.2"], "\n");
        Assert.Contains("\"'=1+1\"", csv.ToString());
        var path = _files.Write("my-model.csv", csv.ToString());

        var run = Assert.Single(_importer.Import(path, new ImportOptions { Datasets = [dataset], Parameters = 1000 }));

        Assert.Equal([0, 0], _store.GetResults(run.Id).Select(r => r.Predicted));
    }
}
