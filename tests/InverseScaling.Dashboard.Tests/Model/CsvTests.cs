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
    public void File_names_are_safe_and_say_what_is_in_them()
    {
        Assert.Equal("neqa_loss_ada-vs-davinci", Csv.FileName("neqa", "loss", null, "ada vs davinci"));
        Assert.Equal("a-b_c", Csv.FileName("a/b", "", "c"));
    }
}
