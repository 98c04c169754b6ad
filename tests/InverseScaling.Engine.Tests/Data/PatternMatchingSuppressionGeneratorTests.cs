using InverseScaling.Engine.Data;
using InverseScaling.Engine.Data.Generators;

namespace InverseScaling.Engine.Tests.Data;

public class PatternMatchingSuppressionGeneratorTests
{
    private static readonly Lazy<TaskDataset> Seed1 = new(() => PatternMatchingSuppressionGenerator.Generate(1));

    [Fact]
    public void Same_seed_gives_identical_bytes_and_another_seed_differs()
    {
        var again = PatternMatchingSuppressionGenerator.Generate(1);
        var other = PatternMatchingSuppressionGenerator.Generate(2);

        Assert.Equal(TaskFileWriter.ToJsonlBytes(Seed1.Value), TaskFileWriter.ToJsonlBytes(again));
        Assert.Equal(Seed1.Value.Sha256, again.Sha256);
        Assert.NotEqual(Seed1.Value.Sha256, other.Sha256);
        Assert.NotEqual(TaskFileWriter.ToJsonlBytes(Seed1.Value), TaskFileWriter.ToJsonlBytes(other));
    }

    [Fact]
    public void Writing_to_a_file_twice_gives_byte_identical_files()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var a = Path.Combine(dir.FullName, "a.jsonl");
            var b = Path.Combine(dir.FullName, "b.jsonl");
            TaskFileWriter.WriteJsonl(PatternMatchingSuppressionGenerator.Generate(7), a);
            TaskFileWriter.WriteJsonl(PatternMatchingSuppressionGenerator.Generate(7), b);

            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
            var back = TaskFileReader.Read(a);
            Assert.Equal(TaskOrigin.Generated, back.Origin);
            Assert.Equal("pattern-matching-suppression (generated, seed 7)", back.Name);
            Assert.Equal(["template", "symbols", "repetitions", "num_symbols", "symbol_list"], back.MetadataColumns);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Is_labelled_as_generated_never_as_the_official_task()
    {
        var task = Seed1.Value;

        Assert.Equal("pattern-matching-suppression (generated, seed 1)", task.Name);
        Assert.Equal(TaskOrigin.Generated, task.Origin);
        Assert.Equal("pattern-matching-suppression.json (pattern-matching-suppression), seed 1", task.GeneratedBy);
        Assert.DoesNotContain(OfficialTasks.All, o => o.Name.Equals(task.Name, StringComparison.OrdinalIgnoreCase) || o.Sha256 == task.Sha256);
        Assert.Equal(1428, task.Examples.Count);
        Assert.Empty(task.Warnings);
    }

    [Fact]
    public void Every_row_follows_the_rules()
    {
        var task = Seed1.Value;

        foreach (var example in task.Examples)
        {
            var m = example.Metadata;
            var symbols = m["symbols"].Split(' ');
            var (a, b) = (symbols[0], symbols[1]);
            var k = int.Parse(m["repetitions"]);
            Assert.InRange(k, 3, 10);
            Assert.Equal(2 * k, int.Parse(m["num_symbols"]));
            Assert.Matches("^T([1-9]|1[0-2])$", m["template"]);
            Assert.False(string.IsNullOrEmpty(m["symbol_list"]));

            // The last line shows 2k−1 symbols alternating a, b, … and ending with a, comma-separated with a trailing comma.
            var lines = example.Prompt.Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.Equal(string.Join(", ", Enumerable.Range(0, 2 * k - 1).Select(i => i % 2 == 0 ? a : b)) + ",", lines[1]);
            Assert.Contains((2 * k).ToString(), lines[0]);

            // Classes are the two symbols with a leading space; the answer repeats the last symbol shown.
            Assert.Equal(new[] { " " + a, " " + b }.Order(), example.Classes.Order());
            Assert.Equal(" " + a, example.Classes[example.AnswerIndex]);

            // The shape detector, which knows nothing of the generator, reads the same facts back.
            var parsed = PatternPrompt.TryParse(example.Prompt)!;
            Assert.Equal((a, b, k, 2 * k), (parsed.First, parsed.Second, parsed.Repetitions, parsed.NumSymbols));
        }
    }

    [Fact]
    public void Covers_the_design_evenly_enough_to_analyse()
    {
        var task = Seed1.Value;

        Assert.Equal(12, task.Examples.Select(e => e.Metadata["template"]).Distinct().Count());
        Assert.Equal(20, task.Examples.Select(e => e.Metadata["symbols"]).Distinct().Count());
        Assert.Equal(13, task.Examples.Select(e => e.Metadata["symbol_list"]).Distinct().Count());
        Assert.Equal(Enumerable.Range(3, 8).Select(k => k.ToString()), task.Examples.Select(e => e.Metadata["repetitions"]).Distinct().Order(StringComparer.Ordinal).OrderBy(int.Parse));
        Assert.All(task.Examples.GroupBy(e => e.Metadata["template"]), g => Assert.InRange(g.Count(), 80, 160));
        Assert.InRange(task.Examples.Count(e => e.AnswerIndex == 0), 600, 828);
    }

    [Fact]
    public void The_masked_template_is_the_same_for_every_symbol_pair_of_a_template()
    {
        // Masking must not depend on which symbols were used, or the template column would split one template in many.
        var task = MetadataColumns.Apply(Seed1.Value, []);

        Assert.All(task.Examples.GroupBy(e => e.Metadata["template"]),
            g => Assert.Single(g.Select(e => e.Metadata["template_text"]).Distinct()));
        Assert.Equal(12, task.Examples.Select(e => e.Metadata["template_text"]).Distinct().Count());
    }
}
