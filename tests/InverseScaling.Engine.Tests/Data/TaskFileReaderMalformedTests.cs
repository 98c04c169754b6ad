using System.Text;
using InverseScaling.Engine.Data;

namespace InverseScaling.Engine.Tests.Data;

/// <summary>Every malformed file is rejected whole, and the message names the file, the line and the reason.</summary>
public class TaskFileReaderMalformedTests
{
    private const string Good = """{"prompt":"Q1","classes":"[' A', ' B']","answer_index":0,"round":1,"part":1}""";

    private const string GoodGenerated = """{"prompt":"Q1","classes":"[' A', ' B']","answer_index":0,"round":null,"part":null,"generator":"t (generated, seed 1)"}""";

    private const string OtherGenerated = """{"prompt":"Q9","classes":"[' A', ' B']","answer_index":1,"round":null,"part":null,"generator":"t (generated, seed 2)"}""";

    [Theory]
    [InlineData("bad-json.jsonl", Good + "\n{\"prompt\":\"Q2\",\"classes\":\"[' A', ' B']\",\"answer_index\":0\n", 2, "invalid JSON")]
    [InlineData("not-object.jsonl", Good + "\n[\"Q2\"]\n", 2, "expected a JSON object")]
    [InlineData("no-prompt.jsonl", Good + "\n{\"classes\":\"[' A', ' B']\",\"answer_index\":0}\n", 2, "missing field \"prompt\"")]
    [InlineData("prompt-number.jsonl", "{\"prompt\":5,\"classes\":\"[' A', ' B']\",\"answer_index\":0}\n", 1, "\"prompt\" must be a string, but it is the number 5")]
    [InlineData("empty-prompt.jsonl", Good + "\n" + Good + "\n{\"prompt\":\"  \",\"classes\":\"[' A', ' B']\",\"answer_index\":0}\n", 3, "the prompt is empty")]
    [InlineData("no-classes.jsonl", "{\"prompt\":\"Q\",\"answer_index\":0}\n", 1, "missing field \"classes\"")]
    [InlineData("classes-number.jsonl", "{\"prompt\":\"Q\",\"classes\":3,\"answer_index\":0}\n", 1, "\"classes\" must be a string holding a list literal")]
    [InlineData("bad-literal.jsonl", Good + "\n{\"prompt\":\"Q\",\"classes\":\"[' A' ' B']\",\"answer_index\":0}\n", 2, "not a Python list of strings: expected ',' between two strings (Python would silently join them into one) (column 7)")]
    [InlineData("split-quote.jsonl", "{\"prompt\":\"Q\",\"classes\":\"[' proceed.', ' don't.']\",\"answer_index\":0}\n", 1, "(column 21)")]
    [InlineData("empty-classes.jsonl", "{\"prompt\":\"Q\",\"classes\":\"[]\",\"answer_index\":0}\n", 1, "\"classes\" is empty")]
    [InlineData("one-class.jsonl", "{\"prompt\":\"Q\",\"classes\":\"[' A']\",\"answer_index\":0}\n", 1, "has only one class")]
    [InlineData("dup-classes.jsonl", "{\"prompt\":\"Q\",\"classes\":\"[' A', ' B', ' A']\",\"answer_index\":0}\n", 1, "class \" A\" appears twice")]
    [InlineData("empty-class.jsonl", "{\"prompt\":\"Q\",\"classes\":\"[' A', '']\",\"answer_index\":0}\n", 1, "class 2 is an empty string")]
    [InlineData("array-classes.jsonl", "{\"prompt\":\"Q\",\"classes\":[\" A\",2],\"answer_index\":0}\n", 1, "item 2 is the number 2")]
    [InlineData("answer-range.jsonl", Good + "\n{\"prompt\":\"Q\",\"classes\":\"[' A', ' B']\",\"answer_index\":2}\n", 2, "\"answer_index\" 2 is out of range: there are 2 classes, so it must be 0 to 1")]
    [InlineData("answer-negative.jsonl", "{\"prompt\":\"Q\",\"classes\":\"[' A', ' B']\",\"answer_index\":-1}\n", 1, "\"answer_index\" -1 is out of range")]
    [InlineData("answer-float.jsonl", "{\"prompt\":\"Q\",\"classes\":\"[' A', ' B']\",\"answer_index\":1.5}\n", 1, "\"answer_index\" must be an integer, but it is the number 1.5")]
    [InlineData("answer-float.csv", "prompt,classes,answer_index\nQ,\"[' A', ' B']\",1.0\nQ2,\"[' A', ' B']\",0.5\n", 3, "\"answer_index\" must be an integer, but it is the string \"0.5\"")]
    [InlineData("answer-float-range.jsonl", "{\"prompt\":\"Q\",\"classes\":\"[' A', ' B']\",\"answer_index\":2.0}\n", 1, "\"answer_index\" 2 is out of range")]
    [InlineData("lfs.jsonl", "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n", 1, "this is a Git LFS pointer, not the file itself (the real file has 12,345 bytes): the repository was cloned without Git LFS; install Git LFS and run `git lfs pull`")]
    [InlineData("answer-string.jsonl", "{\"prompt\":\"Q\",\"classes\":\"[' A', ' B']\",\"answer_index\":\"1\"}\n", 1, "\"answer_index\" must be an integer, but it is the string \"1\"")]
    [InlineData("no-answer.jsonl", "{\"prompt\":\"Q\",\"classes\":\"[' A', ' B']\"}\n", 1, "missing field \"answer_index\"")]
    [InlineData("round-text.jsonl", "{\"prompt\":\"Q\",\"classes\":\"[' A', ' B']\",\"answer_index\":0,\"round\":\"two\"}\n", 1, "\"round\" must be an integer")]
    [InlineData("mixed.jsonl", Good + "\n{\"prompt\":\"Q\",\"completion\":\" Ignore\"}\n", 2, "mixed task types: this row is sequence_prob (has \"completion\") but line 1 is classification")]
    [InlineData("both.jsonl", "{\"prompt\":\"Q\",\"completion\":\" x\",\"classes\":\"[' A', ' B']\",\"answer_index\":0}\n", 1, "both \"classes\"")]
    [InlineData("dup-key.jsonl", "{\"prompt\":\"Q\",\"prompt\":\"R\",\"classes\":\"[' A', ' B']\",\"answer_index\":0}\n", 1, "the key \"prompt\" appears twice")]
    [InlineData("empty.jsonl", "", 1, "the file is empty")]
    [InlineData("blank.jsonl", " \n\n", 1, "the file is empty")]
    [InlineData("fields.csv", "prompt,classes,answer_index\nQ,\"[' A', ' B']\",0\nQ2,\"[' A', ' B']\"\n", 3, "expected 3 fields as in the header")]
    [InlineData("unclosed.csv", "prompt,classes,answer_index\nQ,\"[' A', ' B']\",0\n\"Q2\nstill,\"[' A', ' B']\",0\n", 4, "unexpected '[' after a closing quote")]
    [InlineData("unterminated.csv", "prompt,classes,answer_index\n\"Q,\"\"[' A', ' B']\"\",0\n", 2, "never closed")]
    [InlineData("stray-quote.csv", "prompt,classes,answer_index\nsay \"hi\",\"[' A', ' B']\",0\n", 2, "a '\"' inside an unquoted field")]
    [InlineData("header-only.csv", "prompt,classes,answer_index\n", 1, "a header but no rows")]
    [InlineData("csv-answer.csv", "prompt,classes,answer_index\nQ,\"[' A', ' B']\",0\nQ2,\"[' A', ' B']\",one\n", 3, "\"answer_index\" must be an integer, but it is the string \"one\"")]
    [InlineData("dup-header.csv", "prompt,classes,prompt\nQ,\"[' A', ' B']\",0\n", 1, "header column \"prompt\" appears twice")]
    [InlineData("no-header.csv", "What is 1+1?,\"[' 2', ' 3']\",0\n", 1, "needs the columns prompt,classes,answer_index")]
    [InlineData("gen-mixed.jsonl", GoodGenerated + "\n" + Good + "\n", 2, "this row has no \"generator\" but line 1 has \"t (generated, seed 1)\"")]
    [InlineData("gen-late.jsonl", Good + "\n" + GoodGenerated + "\n", 2, "this row has \"generator\" \"t (generated, seed 1)\" but line 1 has none")]
    [InlineData("gen-two.jsonl", GoodGenerated + "\n" + GoodGenerated + "\n\n" + OtherGenerated + "\n", 4, "this row has \"generator\" \"t (generated, seed 2)\" but line 1 has \"t (generated, seed 1)\"; a file holds one task")]
    [InlineData("gen-number.jsonl", "{\"prompt\":\"Q\",\"classes\":\"[' A', ' B']\",\"answer_index\":0,\"generator\":7}\n", 1, "\"generator\" must be the generated task's name, such as \"my-task (generated, seed 1)\", but it is the number 7")]
    [InlineData("gen-blank.csv", "prompt,classes,answer_index,generator\nQ,\"[' A', ' B']\",0,t\nQ2,\"[' A', ' B']\",0,\n", 3, "\"generator\" must be the generated task's name")]
    public void Rejects_with_file_line_and_reason(string file, string content, int line, string reason)
    {
        var e = Assert.Throws<DatasetFormatException>(() => TaskFileReader.Read(Encoding.UTF8.GetBytes(content), file));
        Assert.Equal(file, e.File);
        var issue = Assert.Single(e.Errors, i => i.Line == line && i.Message.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.Contains($"{file}:{line}: error: ", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Lists_every_bad_row_and_loads_nothing()
    {
        var content = string.Join("\n",
            Good,
            "{\"prompt\":\"Q\",\"classes\":\"[' A', ' B']\",\"answer_index\":5}",
            Good.Replace("Q1", "Q3"),
            "not json",
            "{\"prompt\":\"Q\",\"classes\":\"[]\",\"answer_index\":0}",
            "");
        var e = Assert.Throws<DatasetFormatException>(() => TaskFileReader.Read(Encoding.UTF8.GetBytes(content), "three-bad.jsonl"));
        Assert.Equal([2, 4, 5], e.Errors.Select(i => i.Line));
        Assert.StartsWith("three-bad.jsonl was rejected (3 errors)", e.Message);
    }

    [Fact]
    public void Rejects_utf16_files()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Good)).ToArray();
        var e = Assert.Throws<DatasetFormatException>(() => TaskFileReader.Read(bytes, "utf16.jsonl"));
        Assert.Contains("utf16.jsonl:1: error: the file is UTF-16", e.Message);
    }

    [Fact]
    public void Rejects_invalid_utf8_naming_each_line()
    {
        var bytes = Encoding.UTF8.GetBytes(Good + "\n").Concat(new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}', (byte)'\n' })
            .Concat(Encoding.UTF8.GetBytes(Good + "\n")).Concat(new byte[] { 0xFF, (byte)'\n' }).ToArray();
        var e = Assert.Throws<DatasetFormatException>(() => TaskFileReader.Read(bytes, "latin.jsonl"));
        Assert.Equal([2, 4], e.Errors.Select(i => i.Line));
        Assert.Contains("latin.jsonl:2: error: invalid UTF-8 (bytes C3 at byte 2 of the line)", e.Message);
    }

    [Fact]
    public void Accepts_a_utf8_byte_order_mark_with_a_warning()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Good + "\n")).ToArray();
        var task = TaskFileReader.Read(bytes, "bom.jsonl");
        Assert.Single(task.Examples);
        Assert.Contains(task.Warnings, w => w.Line == 1 && w.Message.Contains("byte-order mark"));
    }

    [Fact]
    public void Reading_a_missing_file_names_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "does-not-exist-" + Guid.NewGuid() + ".jsonl");
        var e = Assert.Throws<DatasetFormatException>(() => TaskFileReader.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("cannot read the file", e.Message);
    }
}
