using InverseScaling.Dashboard.Model;

namespace InverseScaling.Dashboard.Tests.Model;

public class CsvTests
{
    [Fact]
    public void Quotes_cells_with_commas_quotes_and_newlines()
    {
        var text = Csv.Write(["a", "b"], [["plain", "with, comma"], ["say \"hi\"", "two\nlines"]]);
        Assert.Equal("a,b\r\nplain,\"with, comma\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\r\n", text);
    }

    [Fact]
    public void Cells_a_spreadsheet_would_run_as_formulas_are_neutralised_and_numbers_are_not()
    {
        var text = Csv.Write(["cell"], [["=HYPERLINK(\"http://evil.example\",\"x\")"], ["=cmd|' /C calc'!A0"], ["+1+2"], ["-2+3"], ["@SUM(A1)"], ["\tx"], ["-0.6931"], ["+1.5e-3"], [" =not at the start"]]);

        Assert.Equal(
            "cell\r\n\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"\r\n\"'=cmd|' /C calc'!A0\"\r\n\"'+1+2\"\r\n\"'-2+3\"\r\n" +
            "\"'@SUM(A1)\"\r\n\"'\tx\"\r\n-0.6931\r\n+1.5e-3\r\n =not at the start\r\n",
            text);
    }

    [Fact]
    public void File_names_are_safe_and_say_what_is_in_them()
    {
        Assert.Equal("neqa_loss_ada-vs-davinci", Csv.FileName("neqa", "loss", null, "ada vs davinci"));
        Assert.Equal("a-b_c", Csv.FileName("a/b", "", "c"));
    }
}
