using System.Text.Json;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;
using InverseScaling.Engine.Tests.Storage;

namespace InverseScaling.Engine.Tests.Import;

/// <summary>lm-eval files of the wrong shape are refused as files, with their line where there is one, never thrown as bugs.</summary>
public sealed class MalformedLmEvalTests : IDisposable
{
    private const string Date = "2024-07-10T12-34-56.123456";

    private readonly TempDatabase _db = new();
    private readonly TempFolder _files = new();
    private readonly LiteDbResultsStore _store;
    private readonly ResultsImporter _importer;
    private readonly ImportOptions _options;

    public MalformedLmEvalTests()
    {
        _store = _db.Open();
        _importer = new ResultsImporter(_store);
        _options = new ImportOptions
        {
            Datasets = [TaskFileReader.Read(Path.Combine(BundledContent.Datasets, "neqa_classification.jsonl"))],
            ModelName = "pythia-160m",
            Parameters = 162_322_944,
        };
    }

    public void Dispose()
    {
        _db.Dispose();
        _files.Dispose();
    }

    [Theory]
    [InlineData("""[1, 2]""", "the line is a JSON array, not a sample object")]
    [InlineData("""{"doc_id": 1, "filter": "none", "filtered_resps": [["-1.0", "False"], ["-2.0", "False"]], "target": 0, "arguments": {"gen_args_0": {"arg_0": "Q", "arg_1": " 1"}, "gen_args_1": {"arg_0": "Q", "arg_1": " 2"}}, "doc": {"prompt": "Q", "classes": [1, 2]}}""", "the sample's doc.classes holds something other than strings")]
    [InlineData("""{"doc_id": 1, "filter": "none", "filtered_resps": [], "doc": "not an object"}""", "the sample has no \"arguments\" (the requests lm-eval scored)")]
    public void A_malformed_second_sample_line_is_refused_with_its_line(string secondLine, string reason)
    {
        var first = _options.Datasets![0].Examples[0];
        var doc = JsonSerializer.Serialize(new { prompt = first.Prompt, classes = first.Classes, answer_index = first.AnswerIndex });
        var valid = $$"""{"doc_id": 0, "doc": {{doc}}, "target": {{first.AnswerIndex}}, "arguments": {{LmEvalArguments(first.Prompt, first.Classes)}}, "filtered_resps": [["-1.0", "False"], ["-2.0", "False"]], "filter": "none"}""";
        var path = _files.Write($"samples_inverse_scaling_neqa_{Date}.jsonl", valid + "\n" + secondLine + "\n");

        var ex = Assert.Throws<ImportException>(() => _importer.Import(path, _options));

        Assert.Equal((2, reason), (ex.Line, ex.Reason));
        Assert.Empty(_store.GetRuns());
    }

    [Fact]
    public void A_results_file_with_a_section_of_the_wrong_kind_is_refused_as_a_file()
    {
        var path = _files.Write($"results_{Date}.json", """
            {"results": {"inverse_scaling_neqa": {"acc,none": 0.5}}, "n-shot": 5, "n-samples": [],
             "config": {"model_args": "pretrained=EleutherAI/pythia-160m", "model_num_parameters": 162322944}}
            """);

        var ex = Assert.Throws<ImportException>(() => _importer.Import(path, _options with { ModelName = null, Parameters = null }));

        Assert.StartsWith("the file does not have the shape its format needs", ex.Reason, StringComparison.Ordinal);
        Assert.Empty(_store.GetRuns());
    }

    /// <summary>lm-eval 0.4's <c>arguments</c>: one (context, continuation) request per class.</summary>
    internal static string LmEvalArguments(string prompt, IReadOnlyList<string> classes) =>
        JsonSerializer.Serialize(classes.Select((c, i) => (Key: $"gen_args_{i}", Value: new Dictionary<string, string> { ["arg_0"] = prompt, ["arg_1"] = c }))
            .ToDictionary(p => p.Key, p => p.Value));
}
