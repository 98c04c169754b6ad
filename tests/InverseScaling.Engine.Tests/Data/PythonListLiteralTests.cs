using InverseScaling.Engine.Data;

namespace InverseScaling.Engine.Tests.Data;

public class PythonListLiteralTests
{
    [Theory]
    [InlineData("[' A', ' B']", new[] { " A", " B" })]
    [InlineData("(' Yes', ' No')", new[] { " Yes", " No" })]
    [InlineData("[' proceed.', \" don't.\"]", new[] { " proceed.", " don't." })]
    [InlineData("[' it\\'s', \" say \\\"hi\\\"\"]", new[] { " it's", " say \"hi\"" })]
    [InlineData("[ ' a' ,\n\t' b' , ]", new[] { " a", " b" })]
    [InlineData("(' x',)", new[] { " x" })]
    [InlineData("[]", new string[0])]
    [InlineData("()", new string[0])]
    [InlineData("['a\\\\b', 'tab\\there', 'nl\\n']", new[] { "a\\b", "tab\there", "nl\n" })]
    [InlineData("['\\x41\\u00e9\\U0001F600\\101']", new[] { "Aé😀A" })]
    [InlineData("[r'a\\nb', u' c', R\"d\\'\"]", new[] { "a\\nb", " c", "d\\'" })]
    [InlineData("['''tri'ple''', \"\"\"x\ny\"\"\"]", new[] { "tri'ple", "x\ny" })]
    [InlineData("['unknown \\d escape']", new[] { "unknown \\d escape" })]
    [InlineData("['line\\\ncontinued']", new[] { "linecontinued" })]
    public void Parses_like_python_literal_eval(string text, string[] expected) =>
        Assert.Equal(expected, PythonListLiteral.Parse(text));

    [Theory]
    [InlineData("", "empty", 1)]
    [InlineData("' A', ' B'", "expected '[' or '('", 1)]
    [InlineData("[' A', ' B'", "not closed", 12)]
    [InlineData("[' A' ' B']", "expected ',' between two strings", 7)]
    [InlineData("[' A', 1]", "expected a quoted string", 8)]
    [InlineData("[' A', b' B']", "no bytes", 8)]
    [InlineData("[' A, ' B']", "expected ','", 9)]
    [InlineData("[' A', ' B]", "not closed", 8)]
    [InlineData("[' A'] x", "after the end of the list", 8)]
    [InlineData("[' \\x4']", "truncated \\x escape", 4)]
    [InlineData("[' \\N{DASH}']", "named escapes", 4)]
    [InlineData("(' A')", "not a tuple", 6)]
    [InlineData("[' a\nb']", "line break inside", 5)]
    [InlineData("[' A', None]", "expected a quoted string", 8)]
    [InlineData("[ur' A']", "'ur' is not a Python string prefix", 2)]
    [InlineData("[f' A']", "no f-strings", 2)]
    public void Reports_what_is_wrong_and_the_column(string text, string reason, int column)
    {
        var e = Assert.Throws<PythonLiteralException>(() => PythonListLiteral.Parse(text));
        Assert.Contains(reason, e.Reason);
        Assert.Equal(column, e.Column);
        Assert.Contains($"(column {column})", e.Message);
    }

    [Theory]
    [InlineData(new[] { " A", " B" }, "[' A', ' B']")]
    [InlineData(new[] { " proceed.", " don't." }, "[' proceed.', \" don't.\"]")]
    [InlineData(new[] { "both ' and \"" }, "['both \\' and \"']")]
    [InlineData(new[] { "a\\b\n\u0001é" }, "['a\\\\b\\n\\x01é']")]
    public void Formats_like_python_repr(string[] items, string expected)
    {
        Assert.Equal(expected, PythonListLiteral.Format(items));
        Assert.Equal(items, PythonListLiteral.Parse(expected));
    }
}

/// <summary>
/// Differential check against CPython: Fixtures/python-repr-cases.jsonl holds random string lists with Python's own
/// repr of them (as list and as tuple), generated once with CPython 3.11 and checked there with ast.literal_eval.
/// </summary>
public class PythonListLiteralDifferentialTests
{
    [Fact]
    public void Agrees_with_cpython_on_300_random_lists()
    {
        var cases = Load();
        Assert.Equal(300, cases.Count);
        Assert.All(cases, c =>
        {
            Assert.Equal(c.Items, PythonListLiteral.Parse(c.Repr));
            Assert.Equal(c.Items, PythonListLiteral.Parse(c.Tuple));
            Assert.Equal(c.Repr, PythonListLiteral.Format(c.Items));
        });
    }

    private static List<(string[] Items, string Repr, string Tuple)> Load() =>
        File.ReadLines(Fixtures.Path("data", "python-repr-cases.jsonl"))
            .Skip(1)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement)
            .Select(e => (e.GetProperty("items").EnumerateArray().Select(i => i.GetString()!).ToArray(), e.GetProperty("repr").GetString()!, e.GetProperty("tuple").GetString()!))
            .ToList();
}
