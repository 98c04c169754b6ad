using InverseScaling.Engine.Data;
using InverseScaling.Engine.Data.Generators;

namespace InverseScaling.Engine.Tests.Data;

public class TemplateTaskGeneratorTests
{
    private const string Minimal = """
        {
          "name": "tiny",
          "slots": {
            "pair": [ { "a": "x", "b": "y" }, { "a": "p", "b": "q" } ],
            "n": [1, 2, 3]
          },
          "prompt": "Say {pair.a} {n} times, not {pair.b}:",
          "classes": [" {pair.a}", " {pair.b}"],
          "answer": "{pair.a}",
          "metadata": { "n": "{n}" }
        }
        """;

    [Fact]
    public void Every_shipped_spec_generates_deterministically()
    {
        var files = BundledGenerators.SpecFiles();

        Assert.Equal(["misleading-few-shot.json", "pattern-matching-suppression.json", "redefine-constant.json"], files.Select(Path.GetFileName));
        foreach (var file in files)
        {
            var spec = TemplateTaskSpec.Load(file);
            var a = TemplateTaskGenerator.Generate(spec);
            var b = TemplateTaskGenerator.Generate(TemplateTaskSpec.Load(file));
            var c = TemplateTaskGenerator.Generate(spec, spec.Seed + 1);

            Assert.Equal(TaskFileWriter.ToJsonlBytes(a), TaskFileWriter.ToJsonlBytes(b));
            Assert.NotEqual(a.Sha256, c.Sha256);
            Assert.Equal(TaskOrigin.Generated, a.Origin);
            Assert.Equal($"{spec.Name} (generated, seed {spec.Seed})", a.Name);
            Assert.Equal(spec.SampleSize ?? spec.Combinations, a.Examples.Count);
            Assert.Empty(a.Warnings);
            Assert.All(a.Examples, e => Assert.StartsWith(" ", e.Classes[e.AnswerIndex]));
            Assert.False(string.IsNullOrWhiteSpace(spec.Description));
        }
    }

    [Fact]
    public void Redefine_constant_rows_answer_with_the_new_definition()
    {
        var task = TemplateTaskGenerator.Generate(TemplateTaskSpec.Load(Path.Combine(BundledContent.Generators, "redefine-constant.json")));

        Assert.Equal(5 * 6 * 6, task.Examples.Count);
        Assert.All(task.Examples, e =>
        {
            var newValue = e.Metadata["new_value"];
            Assert.Contains($"{e.Metadata["constant"]}", e.Prompt);
            Assert.Contains(newValue, e.Prompt);
            Assert.Equal(" " + newValue[0], e.Classes[e.AnswerIndex]);
            Assert.NotEqual(e.Classes[0], e.Classes[1]);
        });
        Assert.Contains(task.Examples, e => e.Prompt == "Redefine π as 462. Q: What is the first digit of π?\nA:" && e.Classes[e.AnswerIndex] == " 4");
        Assert.InRange(task.Examples.Count(e => e.AnswerIndex == 0), 60, 120);
    }

    [Fact]
    public void Misleading_few_shot_demonstrations_all_say_yes_and_the_answer_is_no()
    {
        var task = TemplateTaskGenerator.Generate(TemplateTaskSpec.Load(Path.Combine(BundledContent.Generators, "misleading-few-shot.json")));

        Assert.Equal(15 * 3 * 3, task.Examples.Count);
        Assert.All(task.Examples, e =>
        {
            var blocks = e.Prompt.Split("\n\n");
            var shots = int.Parse(e.Metadata["shots"]);
            Assert.Equal(shots + 1, blocks.Length);
            Assert.Equal(shots, blocks[..^1].Distinct().Count());
            Assert.All(blocks[..^1], d => Assert.EndsWith("\nA: Yes", d));
            Assert.EndsWith("?\nA:", blocks[^1]);
            Assert.Equal(" No", e.Classes[e.AnswerIndex]);
            Assert.Equal(shots.ToString(), MetadataColumns.CountShots(e.Prompt).ToString());
        });
    }

    [Fact]
    public void Enumerates_all_combinations_last_slot_fastest()
    {
        var task = TemplateTaskGenerator.Generate(TemplateTaskSpec.Parse(Minimal, "tiny.json"), seed: 5);

        Assert.Equal(
            ["Say x 1 times, not y:", "Say x 2 times, not y:", "Say x 3 times, not y:", "Say p 1 times, not q:", "Say p 2 times, not q:", "Say p 3 times, not q:"],
            task.Examples.Select(e => e.Prompt));
        Assert.All(task.Examples, e => Assert.Equal(0, e.AnswerIndex));
        Assert.Equal(["n"], task.MetadataColumns);
        Assert.Equal("tiny (generated, seed 5)", task.Name);
        Assert.Equal("tiny.json (tiny), seed 5", task.GeneratedBy);
    }

    [Fact]
    public void Samples_without_replacement_and_uses_literal_braces()
    {
        var spec = TemplateTaskSpec.Parse("""
            { "name": "s", "sample": 4, "slots": { "v": ["a", "b", "c", "d", "e", "f"] },
              "prompt": "{{{v}}}", "classes": [" {v}", " z"], "answer": 1 }
            """, "s.json");

        var task = TemplateTaskGenerator.Generate(spec);

        Assert.Equal(4, task.Examples.Count);
        Assert.Equal(4, task.Examples.Select(e => e.Prompt).Distinct().Count());
        Assert.All(task.Examples, e => Assert.Matches("^\\{[a-f]\\}$", e.Prompt));
        Assert.All(task.Examples, e => Assert.Equal(" z", e.Classes[e.AnswerIndex]));
    }

    [Theory]
    [InlineData("\"prompt\": \"Say {pair.a} {n} times, not {pair.b}:\"", "\"prompt\": \"Say {pair.c}\"", 7, "$.prompt: \"pair\" has no field \"c\" (fields: a, b)")]
    [InlineData("\"prompt\": \"Say {pair.a} {n} times, not {pair.b}:\"", "\"prompt\": \"Say {count}\"", 7, "$.prompt: unknown slot \"count\" in \"Say {count}\"")]
    [InlineData("\"prompt\": \"Say {pair.a} {n} times, not {pair.b}:\"", "\"prompt\": \"Say {pair}\"", 7, "$.prompt: \"pair\" holds objects; name a field, e.g. {pair.a}")]
    [InlineData("\"prompt\": \"Say {pair.a} {n} times, not {pair.b}:\"", "\"prompt\": \"Say {n.x}\"", 7, "$.prompt: \"n\" is a plain value and has no fields")]
    [InlineData("\"prompt\": \"Say {pair.a} {n} times, not {pair.b}:\"", "\"prompt\": \"Say {pair.a\"", 7, "$.prompt: a malformed placeholder at character 5")]
    [InlineData("\"answer\": \"{pair.a}\"", "\"answer\": 2", 9, "$.answer: \"answer\" 2 is out of range: there are 2 classes")]
    [InlineData("\"answer\": \"{pair.a}\"", "\"answer\": \"{n}\"", 9, "$.answer: example 1 (pair[0], n[0]): the answer \"1\" is not one of the classes [' x', ' y']")]
    [InlineData("\"n\": [1, 2, 3]", "\"n\": []", 5, "$.slots.n: slot \"n\" must be a non-empty array of values")]
    [InlineData("{ \"a\": \"p\", \"b\": \"q\" }", "{ \"a\": \"p\" }", 4, "$.slots.pair[1]: every value of slot \"pair\" must have the same fields (a, b); this one has (a)")]
    [InlineData("\"name\": \"tiny\",", "\"name\": \"tiny\", \"nmae\": 1,", 2, "$.nmae: unknown key \"nmae\"")]
    [InlineData("\"classes\": [\" {pair.a}\", \" {pair.b}\"]", "\"classes\": [\" {pair.a}\", \" {pair.a}\"]", 8, "$.classes[1]: example 1 (pair[0], n[0]): two classes are both \" x\"")]
    [InlineData("\"classes\": [\" {pair.a}\", \" {pair.b}\"]", "\"classes\": [\" {pair.a}\"]", 8, "$.classes: a classification task needs at least two classes")]
    [InlineData("\"name\": \"tiny\",", "\"name\": \"tiny\", \"sample\": 7,", 2, "$.sample: cannot draw 7 examples from 6 combinations")]
    [InlineData("\"name\": \"tiny\",", "\"name\": \"tiny\",,", 2, "invalid JSON")]
    [InlineData("\"metadata\": { \"n\": \"{n}\" }", "\"metadata\": { \"generator\": \"{n}\" }", 10, "$.metadata.generator: \"generator\" is a key of every task file row, not a metadata column")]
    public void Bad_specs_are_refused_with_file_path_and_line(string find, string replace, int line, string message)
    {
        var json = Minimal.Replace(find, replace);
        Assert.NotEqual(Minimal, json);

        var e = Assert.Throws<DatasetFormatException>(() => TemplateTaskGenerator.Generate(TemplateTaskSpec.Parse(json, "bad-spec.json")));

        Assert.Equal("bad-spec.json", e.File);
        Assert.Contains(e.Errors, i => i.Line == line && i.Message.Contains(message, StringComparison.Ordinal));
        Assert.Contains($"bad-spec.json:{line}: error: ", e.Message);
    }

    [Fact]
    public void Reading_a_missing_spec_names_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "does-not-exist-" + Guid.NewGuid() + ".json");

        var e = Assert.Throws<DatasetFormatException>(() => TemplateTaskSpec.Load(path));

        Assert.Equal(path, e.File);
        Assert.Contains("cannot read the spec", e.Message);
    }

    [Fact]
    public void Derived_values_may_only_use_earlier_ones_and_pools_only_through_samples()
    {
        var e = Assert.Throws<DatasetFormatException>(() => TemplateTaskSpec.Parse("""
            { "name": "d", "slots": { "v": ["a", "b"] }, "pools": { "p": ["x", "y"] },
              "derived": { "first": "{second}", "second": "{v}", "demo": { "sample": "nowhere", "count": 1, "template": "{item}" } },
              "prompt": "{first} {p} {item}", "classes": [" a", " b"], "answer": "{v}" }
            """, "d.json"));

        Assert.Contains(e.Errors, i => i.Message.Contains("$.derived.first: unknown slot \"second\" in \"{second}\" (\"second\" is derived later"));
        Assert.Contains(e.Errors, i => i.Message.Contains("$.derived.demo.sample: \"sample\" names \"nowhere\", which is not a slot or pool"));
        Assert.Contains(e.Errors, i => i.Message.Contains("$.prompt: \"p\" is a pool"));
        Assert.Contains(e.Errors, i => i.Message.Contains("$.prompt: {item} is only defined inside the \"template\" of a \"sample\" block"));
    }

    [Fact]
    public void Sampling_demonstrations_from_a_slot_skips_the_example_itself()
    {
        var spec = TemplateTaskSpec.Parse("""
            { "name": "k", "slots": { "q": [ {"t": "1", "a": "one"}, {"t": "2", "a": "two"}, {"t": "3", "a": "three"} ] },
              "derived": { "demos": { "sample": "q", "count": 2, "template": "{item.t} is {item.a}", "separator": "\n\n\n" } },
              "prompt": "{demos}\n\n\n{q.t} is", "classes": [" {q.a}", " zero"], "answer": 0 }
            """, "k.json");

        var task = TemplateTaskGenerator.Generate(spec);

        Assert.All(task.Examples, (e, i) =>
        {
            var blocks = e.Prompt.Split("\n\n\n");
            Assert.Equal(3, blocks.Length);
            Assert.DoesNotContain(blocks[..^1], d => d.StartsWith($"{i + 1} is", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void A_value_that_refers_to_itself_is_reported_not_looped()
    {
        var spec = TemplateTaskSpec.Parse("""
            { "name": "loop", "slots": { "v": ["{v}"] }, "prompt": "{v}", "classes": [" a", " b"], "answer": 0 }
            """, "loop.json");

        var e = Assert.Throws<DatasetFormatException>(() => TemplateTaskGenerator.Generate(spec));
        Assert.Contains("placeholders nest more than 16 deep", e.Message);
        Assert.Contains("loop.json:1: error:", e.Message);
    }
}
