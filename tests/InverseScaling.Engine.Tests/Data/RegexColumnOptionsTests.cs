using System.Text;
using InverseScaling.Engine.Data;
using Microsoft.Extensions.Configuration;

namespace InverseScaling.Engine.Tests.Data;

/// <summary>User regex columns configured in appsettings.json: bound, checked with their key and name, and applied.</summary>
public class RegexColumnOptionsTests
{
    private static EngineOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new EngineOptions();
        configuration.GetSection(EngineOptions.SectionName).Bind(options);
        return options;
    }

    [Fact]
    public void Columns_bind_from_configuration_and_fill_values_in_the_configured_order()
    {
        var options = Bind(new()
        {
            ["InverseScaling:MetadataColumns:0:Name"] = "reps",
            ["InverseScaling:MetadataColumns:0:Pattern"] = @"repeat (\d+) times",
            ["InverseScaling:MetadataColumns:1:Name"] = "first",
            ["InverseScaling:MetadataColumns:1:Pattern"] = @"^(\w+)",
        });
        var task = TaskFileReader.Read(Encoding.UTF8.GetBytes(
            "{\"prompt\":\"Say x, repeat 4 times:\",\"classes\":\"[' A', ' B']\",\"answer_index\":0}\n" +
            "{\"prompt\":\"Write y:\",\"classes\":\"[' A', ' B']\",\"answer_index\":1}\n"), "t.jsonl");

        Assert.Empty(RegexColumnOptions.Validate(options.MetadataColumns));
        var columns = RegexColumnOptions.ToRegexColumns(options.MetadataColumns);
        Assert.Equal([new RegexColumn("reps", @"repeat (\d+) times"), new RegexColumn("first", @"^(\w+)")], columns);

        var applied = MetadataColumns.Apply(task, columns);

        Assert.Equal(["reps", "first"], applied.MetadataColumns.TakeLast(2));
        Assert.Equal("4", applied.Examples[0].Metadata["reps"]);
        Assert.False(applied.Examples[1].Metadata.ContainsKey("reps"));
        Assert.Equal(["Say", "Write"], applied.Examples.Select(e => e.Metadata["first"]));
    }

    [Fact]
    public void No_configured_columns_bind_to_an_empty_list()
    {
        var options = Bind(new() { ["InverseScaling:DataFolder"] = "d" });

        Assert.Empty(options.MetadataColumns);
        Assert.Empty(RegexColumnOptions.Validate(options.MetadataColumns));
    }

    [Fact]
    public void Every_bad_column_is_reported_with_its_key_and_name()
    {
        var options = Bind(new()
        {
            ["InverseScaling:MetadataColumns:0:Name"] = "ok",
            ["InverseScaling:MetadataColumns:0:Pattern"] = "(a)",
            ["InverseScaling:MetadataColumns:1:Name"] = "bad",
            ["InverseScaling:MetadataColumns:1:Pattern"] = "(unclosed",
            ["InverseScaling:MetadataColumns:2:Name"] = "nogroup",
            ["InverseScaling:MetadataColumns:2:Pattern"] = @"\d+",
            ["InverseScaling:MetadataColumns:3:Name"] = "repetitions",
            ["InverseScaling:MetadataColumns:3:Pattern"] = "(x)",
            ["InverseScaling:MetadataColumns:4:Pattern"] = "(y)",
            ["InverseScaling:MetadataColumns:5:Name"] = "ok",
            ["InverseScaling:MetadataColumns:5:Pattern"] = "(b)",
        });

        var errors = RegexColumnOptions.Validate(options.MetadataColumns);

        Assert.Collection(errors,
            e => Assert.StartsWith("InverseScaling:MetadataColumns:1: Metadata column \"bad\": the pattern \"(unclosed\" is not a valid regular expression", e),
            e => Assert.StartsWith("InverseScaling:MetadataColumns:2: Metadata column \"nogroup\": the pattern \"\\d+\" has no capture group", e),
            e => Assert.StartsWith("InverseScaling:MetadataColumns:3: Metadata column \"repetitions\": that name is a built-in column", e),
            e => Assert.StartsWith("InverseScaling:MetadataColumns:4: A metadata column with the pattern \"(y)\" has no name", e),
            e => Assert.Equal("InverseScaling:MetadataColumns:5: Metadata column \"ok\" is defined twice.", e));
    }

    [Fact]
    public void An_empty_entry_set_in_code_is_reported()
    {
        var errors = RegexColumnOptions.Validate([new RegexColumnOptions { Name = "a", Pattern = "(a)" }, null]);

        Assert.Equal(["InverseScaling:MetadataColumns:1: the entry is empty; give it a \"Name\" and a \"Pattern\"."], errors);
    }
}
