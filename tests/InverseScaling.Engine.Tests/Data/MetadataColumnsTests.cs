using System.Text;
using InverseScaling.Engine.Data;

namespace InverseScaling.Engine.Tests.Data;

public class MetadataColumnsTests
{
    private const string OfficialExample = "Generate a sequence of 6 symbols alternating between two symbols (A B) but ending unexpectedly.\nA, B, A, B, A,";

    private static TaskDataset Task(params string[] prompts) => TaskFileReader.Read(
        Encoding.UTF8.GetBytes(string.Concat(prompts.Select(p =>
            $"{{\"prompt\":{System.Text.Json.JsonSerializer.Serialize(p)},\"classes\":\"[' A', ' B']\",\"answer_index\":1,\"round\":2,\"part\":1}}\n"))),
        "t.jsonl");

    [Fact]
    public void Recognises_the_official_pattern_matching_example()
    {
        var pattern = PatternPrompt.TryParse(OfficialExample)!;

        Assert.Equal(("A", "B", 5, 3, 6), (pattern.First, pattern.Second, pattern.Shown, pattern.Repetitions, pattern.NumSymbols));
        Assert.Equal("Generate a sequence of {n} symbols alternating between two symbols ({symbols}) but ending unexpectedly.\n{sequence}", pattern.Template);
    }

    [Theory]
    [InlineData("Continue:\nleft, right, left, right,", "left", "right", 2, null, "Continue:\n{sequence}")]
    [InlineData("Write 8 items, never \"ii\" last, using i and ii.\ni, ii, i, ii, i, ii, i,", "i", "ii", 4, 8, "Write {n} items, never \"{symbol}\" last, using {symbols}.\n{sequence}")]
    [InlineData("Alternate 0/1 for 4 numbers, give someone a break.\n0, 1, 0,", "0", "1", 2, 4, "Alternate {symbols} for {n} numbers, give someone a break.\n{sequence}")]
    [InlineData("Pick one or two: \"one\" comes first.\none, two, one,", "one", "two", 2, null, "Pick {symbols}: \"{symbol}\" comes first.\n{sequence}")]
    [InlineData("Q: x\nA: y\n\n\nAlternate alpha and beta 6 times.\nalpha, beta, alpha, beta, alpha,", "alpha", "beta", 3, 6, "Alternate {symbols} {n} times.\n{sequence}")]
    public void Masks_symbols_and_numbers(string prompt, string first, string second, int repetitions, int? numSymbols, string template)
    {
        var pattern = PatternPrompt.TryParse(prompt)!;

        Assert.Equal((first, second, repetitions, numSymbols, template), (pattern.First, pattern.Second, pattern.Repetitions, pattern.NumSymbols, pattern.Template));
    }

    [Theory]
    [InlineData("Answer:")]
    [InlineData("A, B, A, B, A")]
    [InlineData("A, B, B, A,")]
    [InlineData("A, A, A,")]
    [InlineData("A, B,")]
    [InlineData("A, , A,")]
    public void Other_prompts_are_not_patterns(string prompt) => Assert.Null(PatternPrompt.TryParse(prompt));

    [Fact]
    public void Built_in_columns_for_every_task()
    {
        var task = MetadataColumns.Apply(Task("Is it so?\nAnswer:", "Q: a\nAnswer: Y\nQ: b\nAnswer: N\nQ: c\nAnswer:", "d1 A\n\n\nd2 B\n\n\nQ"), []);

        Assert.Equal(["answer", "answer_index", "round", "part", "shots", "prompt_chars", "prompt_words"], task.MetadataColumns);
        var first = task.Examples[0].Metadata;
        Assert.Equal((" B", "1", "2", "1", "0", "17", "4"), (first["answer"], first["answer_index"], first["round"], first["part"], first["shots"], first["prompt_chars"], first["prompt_words"]));
        Assert.Equal("2", task.Examples[1].Metadata["shots"]);
        Assert.Equal("2", task.Examples[2].Metadata["shots"]);
        Assert.True(MetadataColumns.IsNumeric(task, "prompt_chars"));
        Assert.False(MetadataColumns.IsNumeric(task, "answer"));
    }

    [Fact]
    public void Pattern_columns_with_template_ids_in_order_of_first_appearance()
    {
        var task = MetadataColumns.Apply(Task(
            "Alternate X and Y.\nX, Y, X,",
            OfficialExample,
            "Generate a sequence of 8 symbols alternating between two symbols (one two) but ending unexpectedly.\none, two, one, two, one, two, one,",
            "Plain question\nAnswer:"), []);

        Assert.Equal(["answer", "answer_index", "round", "part", "shots", "prompt_chars", "prompt_words", "template", "template_text", "symbols", "repetitions", "num_symbols"], task.MetadataColumns);
        Assert.Equal(["T1", "T2", "T2"], task.Examples.Take(3).Select(e => e.Metadata["template"]));
        Assert.Equal(["X Y", "A B", "one two"], task.Examples.Take(3).Select(e => e.Metadata["symbols"]));
        Assert.Equal(["2", "3", "4"], task.Examples.Take(3).Select(e => e.Metadata["repetitions"]));
        Assert.False(task.Examples[0].Metadata.ContainsKey("num_symbols"));
        Assert.Equal("8", task.Examples[2].Metadata["num_symbols"]);
        Assert.False(task.Examples[3].Metadata.ContainsKey("template"));
    }

    [Fact]
    public void Hindsight_neglect_counts_its_ten_demonstrations()
    {
        var task = MetadataColumns.Apply(TaskFileReader.Read(Fixtures.InverseScaling("hindsight_neglect", "hindsight-neglect_classification.jsonl")), []);

        Assert.All(task.Examples, e => Assert.Equal("10", e.Metadata["shots"]));
        Assert.DoesNotContain("template", task.MetadataColumns);
    }

    [Fact]
    public void File_and_few_shot_values_win_and_apply_is_idempotent()
    {
        var shot = FewShotBuilder.Build(Task("a\nAnswer:", "b\nAnswer:", "c\nAnswer:"), 2, 1);

        var once = MetadataColumns.Apply(shot, [new RegexColumn("letter", @"^(\w)")]);
        var twice = MetadataColumns.Apply(once, [new RegexColumn("letter", @"^(\w)")]);

        Assert.All(once.Examples, e => Assert.Equal("2", e.Metadata["shots"]));
        Assert.Equal(once.MetadataColumns, twice.MetadataColumns);
        Assert.Equal(once.Examples.Select(e => e.Metadata.OrderBy(p => p.Key)), twice.Examples.Select(e => e.Metadata.OrderBy(p => p.Key)));
    }

    [Fact]
    public void User_regex_columns_take_the_first_group_and_skip_non_matches()
    {
        var task = MetadataColumns.Apply(Task("Alice is 30.\nAnswer:", "Bob is 4.\nAnswer:", "Nobody.\nAnswer:"),
            [new RegexColumn("age", @"is (\d+)\."), new RegexColumn("name", @"^(?<who>\w+) is")]);

        Assert.Equal(["age", "name"], task.MetadataColumns.TakeLast(2));
        Assert.Equal("30", task.Examples[0].Metadata["age"]);
        Assert.Equal("Bob", task.Examples[1].Metadata["name"]);
        Assert.False(task.Examples[2].Metadata.ContainsKey("age"));
    }

    [Theory]
    [InlineData("bad", "(unclosed", "Metadata column \"bad\": the pattern \"(unclosed\" is not a valid regular expression")]
    [InlineData("nogroup", @"\d+", "Metadata column \"nogroup\": the pattern \"\\d+\" has no capture group")]
    [InlineData("template", @"(x)", "Metadata column \"template\": that name is a built-in column")]
    [InlineData("generator", @"(x)", "Metadata column \"generator\": that name is a built-in column or a task file key")]
    [InlineData(" ", @"(x)", "has no name")]
    public void Invalid_user_columns_are_refused_by_name(string name, string pattern, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => MetadataColumns.Apply(Task("x\nAnswer:"), [new RegexColumn(name, pattern)]));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_column_defined_twice_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => MetadataColumns.Apply(Task("x"), [new RegexColumn("c", "(x)"), new RegexColumn("c", "(y)")]));
        Assert.Contains("\"c\" is defined twice", e.Message);
    }
}
