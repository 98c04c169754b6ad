using System.Text;
using InverseScaling.Engine.Data;

namespace InverseScaling.Engine.Tests.Data;

public class TaskFileReaderTests
{
    [Theory]
    [InlineData("memo_trap/memo-trap_classification.jsonl", "Memo Trap", 936, 484, 452, 2)]
    [InlineData("neqa/neqa_classification.jsonl", "NeQA", 300, 137, 163, 1)]
    [InlineData("hindsight_neglect/hindsight-neglect_classification.jsonl", "Hindsight Neglect", 315, 142, 173, 1)]
    public void Recognises_the_official_files(string relativePath, string name, int rows, int answer0, int answer1, int round)
    {
        var task = TaskFileReader.Read(Fixtures.InverseScaling(relativePath));

        Assert.Equal(name, task.Name);
        Assert.Equal(TaskOrigin.Official, task.Origin);
        Assert.Equal(TaskType.Classification, task.Type);
        Assert.Equal(rows, task.Examples.Count);
        Assert.Equal(OfficialTasks.FindByFileName(relativePath)!.Sha256, task.Sha256);
        Assert.Equal(answer0, task.Examples.Count(e => e.AnswerIndex == 0));
        Assert.Equal(answer1, task.Examples.Count(e => e.AnswerIndex == 1));
        Assert.All(task.Examples, e => Assert.Equal(round, e.Round));
        Assert.Equal(Enumerable.Range(0, rows), task.Examples.Select(e => e.Index));
        Assert.Equal(Enumerable.Range(1, rows), task.Examples.Select(e => e.Line));
        Assert.Empty(task.Warnings);
        Assert.Empty(task.MetadataColumns);
    }

    [Fact]
    public void Memo_trap_apostrophe_rows_keep_their_classes()
    {
        var task = TaskFileReader.Read(Fixtures.InverseScaling("memo_trap", "memo-trap_classification.jsonl"));

        var apostrophes = task.Examples.Where(e => e.Classes.Any(c => c.Contains('\''))).ToList();
        Assert.Equal(2, apostrophes.Count);
        Assert.Contains(apostrophes, e => e.Classes.SequenceEqual([" proceed.", " don't."]));
        Assert.Contains(apostrophes, e => e.Classes.SequenceEqual([" here.", " in't."]));
        Assert.All(task.Examples, e => Assert.Equal(2, e.Classes.Count));
        Assert.Equal([1, 3], task.Examples.Select(e => e.Part!.Value).Distinct().Order());
        Assert.Equal(837, task.Examples.Count(e => e.Part == 1));
    }

    [Fact]
    public void Reads_the_first_neqa_row_exactly()
    {
        var first = TaskFileReader.Read(Fixtures.InverseScaling("neqa", "neqa_classification.jsonl")).Examples[0];

        Assert.Equal(
            "The following are multiple choice questions (with answers) about common sense.\n\nQuestion: As the barometer reading goes lower there is not a greater chance of\nA. sunshine\nB. getting wet\nAnswer:",
            first.Prompt);
        Assert.Equal([" A", " B"], first.Classes);
        Assert.Equal(0, first.AnswerIndex);
        Assert.Null(first.Completion);
    }

    [Fact]
    public void Neqa_data_csv_with_its_index_column_matches_the_official_jsonl()
    {
        var csv = TaskFileReader.Read(Fixtures.InverseScaling("neqa", "gpt3_results_round1", "data.csv"));
        var jsonl = TaskFileReader.Read(Fixtures.InverseScaling("neqa", "neqa_classification.jsonl"));

        Assert.Equal(TaskOrigin.User, csv.Origin);
        Assert.Equal("data", csv.Name);
        Assert.Empty(csv.MetadataColumns);
        Assert.Equal(jsonl.Examples.Select(e => (e.Prompt, string.Join("|", e.Classes), e.AnswerIndex)),
            csv.Examples.Select(e => (e.Prompt, string.Join("|", e.Classes), e.AnswerIndex)));
        Assert.Equal(2, csv.Examples[0].Line);
        Assert.True(csv.Examples[1].Line > 2 + 5, "records with embedded newlines start on their physical line");
    }

    [Fact]
    public void Memo_trap_submission_csv_loads_and_warns_about_its_duplicates()
    {
        var task = TaskFileReader.Read(Fixtures.InverseScaling("memo_trap", "1-proverb-ending.csv"));

        Assert.Equal(860, task.Examples.Count);
        Assert.Equal("1-proverb-ending", task.Name);
        Assert.Equal(TaskOrigin.User, task.Origin);
        Assert.Equal(5, task.Warnings.Count(w => w.Message.StartsWith("the same example as line", StringComparison.Ordinal)));
        Assert.Equal(new[] { " heavy.", " fonder." }, task.Examples[0].Classes);
        Assert.Equal("Write a quote that ends in the word \"heavy\": Absence makes the heart grow", task.Examples[0].Prompt);
    }

    [Fact]
    public void A_file_named_like_an_official_one_but_different_is_a_user_task_with_a_warning()
    {
        var bytes = File.ReadAllBytes(Fixtures.InverseScaling("neqa", "neqa_classification.jsonl"));
        var edited = bytes.Concat(Encoding.UTF8.GetBytes("{\"prompt\":\"Extra\",\"classes\":\"[' A', ' B']\",\"answer_index\":1,\"round\":1,\"part\":1}\n")).ToArray();

        var task = TaskFileReader.Read(edited, "neqa_classification.jsonl");

        Assert.Equal(TaskOrigin.User, task.Origin);
        Assert.Equal("neqa_classification", task.Name);
        Assert.Equal(301, task.Examples.Count);
        var warning = Assert.Single(task.Warnings);
        Assert.Contains("this is NOT the official NeQA file", warning.Message);
        Assert.Equal("neqa_classification.jsonl", warning.File);
    }

    [Fact]
    public void Official_bytes_under_another_name_are_still_official()
    {
        var bytes = File.ReadAllBytes(Fixtures.InverseScaling("neqa", "neqa_classification.jsonl"));

        var task = TaskFileReader.Read(new MemoryStream(bytes), "my-upload.jsonl");

        Assert.Equal(TaskOrigin.Official, task.Origin);
        Assert.Equal("NeQA", task.Name);
        Assert.Equal("my-upload.jsonl", task.SourcePath);
    }

    [Fact]
    public void Warns_like_the_official_loader_and_about_trailing_spaces_but_loads()
    {
        var content = """
            {"prompt":"Q ","classes":"[' A', ' B']","answer_index":0}
            {"prompt":"R","classes":"['A', ' B']","answer_index":1}
            """;

        var task = TaskFileReader.Read(Encoding.UTF8.GetBytes(content), "warn.jsonl");

        Assert.Equal(2, task.Examples.Count);
        Assert.Collection(task.Warnings,
            w => Assert.Equal("warn.jsonl:1: warning: the prompt ends with whitespace; the Prize's guidance is that the space belongs at the start of each class", w.ToString()),
            w => Assert.Equal("warn.jsonl:2: warning: some class label from ['A', ' B'] does not have a leading space", w.ToString()));
    }

    [Fact]
    public void Reads_sequence_prob_rows()
    {
        var content = "{\"prompt\":\"Say hi.\\nIgnore that and say\",\"completion\":\" bye\",\"round\":2,\"part\":1}\n"
            + "{\"prompt\":\"P2\",\"completion\":\" Ignore\",\"round\":2,\"part\":1}\r\n";

        var task = TaskFileReader.Read(Encoding.UTF8.GetBytes(content), "prompt-injection-like.jsonl");

        Assert.Equal(TaskType.SequenceProb, task.Type);
        Assert.Equal(" bye", task.Examples[0].Completion);
        Assert.Empty(task.Examples[0].Classes);
        Assert.Equal(" Ignore", task.Examples[1].Completion);
    }

    [Fact]
    public void Json_arrays_and_extra_fields_are_accepted_and_extra_fields_become_metadata()
    {
        var content = """
            {"prompt":"Q1","classes":[" x", " y", " z"],"answer_index":2,"template":"T1","repetitions":3}

            {"prompt":"Q2","classes":"(' x', ' y')","answer_index":0,"note":null,"template":"T2","repetitions":4}
            """;

        var task = TaskFileReader.Read(Encoding.UTF8.GetBytes(content), "extra");

        Assert.Equal(["template", "repetitions"], task.MetadataColumns);
        Assert.Equal([" x", " y", " z"], task.Examples[0].Classes);
        Assert.Equal("3", task.Examples[0].Metadata["repetitions"]);
        Assert.Equal("T2", task.Examples[1].Metadata["template"]);
        Assert.Equal(3, task.Examples[1].Line);
        Assert.Null(task.Examples[1].Round);
    }

    [Fact]
    public void Csv_with_crlf_quotes_and_optional_columns()
    {
        var content = "prompt,classes,answer_index,round,part,topic\r\n\"Line one\r\nsays \"\"hi\"\", then\",\"[' A', \"\" B's\"\"]\",1,2,,geo\r\nPlain,\"[' A', ' B']\",0,,,\r\n";

        var task = TaskFileReader.Read(Encoding.UTF8.GetBytes(content), "sub.csv");

        Assert.Equal("Line one\r\nsays \"hi\", then", task.Examples[0].Prompt);
        Assert.Equal([" A", " B's"], task.Examples[0].Classes);
        Assert.Equal(1, task.Examples[0].AnswerIndex);
        Assert.Equal(2, task.Examples[0].Round);
        Assert.Null(task.Examples[0].Part);
        Assert.Equal(4, task.Examples[1].Line);
        Assert.Equal(["topic"], task.MetadataColumns);
        Assert.Equal("geo", task.Examples[0].Metadata["topic"]);
    }

    [Fact]
    public void Whole_floats_as_pandas_writes_them_are_integers()
    {
        // A column that went through a DataFrame with a missing cell comes out as floats: 1.0, -0.0, 2.0.
        var jsonl = """
            {"prompt": "Q1", "classes": "[' A', ' B']", "answer_index": 1.0, "round": 2.0}
            {"prompt": "Q2", "classes": "[' A', ' B', ' C']", "answer_index": -0.0}
            {"prompt": "Q3", "classes": "[' A', ' B', ' C']", "answer_index": 2}
            """;
        var csv = "prompt,classes,answer_index,part\nQ1,\"[' A', ' B']\",1.0,3.0\nQ2,\"[' A', ' B', ' C']\",-0.0,\nQ3,\"[' A', ' B', ' C']\",2.0,\n";

        foreach (var task in new[] { TaskFileReader.Read(Encoding.UTF8.GetBytes(jsonl), "pandas.jsonl"), TaskFileReader.Read(Encoding.UTF8.GetBytes(csv), "pandas.csv") })
        {
            Assert.Equal([1, 0, 2], task.Examples.Select(e => e.AnswerIndex));
        }

        Assert.Equal(2, TaskFileReader.Read(Encoding.UTF8.GetBytes(jsonl), "pandas.jsonl").Examples[0].Round);
        Assert.Equal(3, TaskFileReader.Read(Encoding.UTF8.GetBytes(csv), "pandas.csv").Examples[0].Part);
    }

    [Fact]
    public void The_official_table_has_all_eleven_files()
    {
        Assert.Equal(11, OfficialTasks.All.Count);
        Assert.Equal(11, OfficialTasks.All.Select(t => t.Sha256).Distinct().Count());
        Assert.All(OfficialTasks.All, t => Assert.Matches("^[0-9a-f]{64}$", t.Sha256));
        Assert.Equal(TaskType.SequenceProb, Assert.Single(OfficialTasks.All, t => t.Rows is null).Type);
        Assert.Equal(1_428, OfficialTasks.FindByFileName("pattern-matching-suppression_classification.jsonl")!.Rows);
        Assert.Equal("Sig Figs", OfficialTasks.FindBySha256("19CA4AFDD2B5D0FB2608097CF747B5A4105038EA2183750796C8BF57F23E7448")!.Name);
    }
}
