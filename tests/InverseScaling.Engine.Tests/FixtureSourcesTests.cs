using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace InverseScaling.Engine.Tests;

/// <summary>
/// tests/fixtures/SOURCES.md accounts for every fixture: a row per file with its current SHA-256 and an origin, and
/// the whole stays small enough to clone (tests/fixtures/update-sources.py rewrites the table).
/// </summary>
public sealed partial class FixtureSourcesTests
{
    /// <summary>Raised from 20 MB for Gemma-3's tokenizer (262k pieces, 5.4 MB gzipped): real files are the point of these fixtures.</summary>
    private const long SizeBudget = 25_000_000;

    [Fact]
    public void Every_fixture_file_is_listed_with_its_sha256_and_an_origin()
    {
        var rows = Rows();
        var files = FixtureFiles();

        Assert.All(files, file =>
        {
            Assert.True(rows.TryGetValue(file.Name, out var row), $"{file.Name} is not listed in tests/fixtures/SOURCES.md");
            Assert.Equal(row.Sha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file.Path))));
            Assert.NotEqual("?", row.Origin);
        });
        Assert.Empty(rows.Keys.Except(files.Select(f => f.Name)));
    }

    [Fact]
    public void The_fixtures_stay_under_the_size_budget()
    {
        var total = FixtureFiles().Sum(f => new FileInfo(f.Path).Length);

        Assert.True(total < SizeBudget, $"tests/fixtures holds {total:N0} bytes; the budget is {SizeBudget:N0}");
    }

    private static List<(string Name, string Path)> FixtureFiles() =>
        [.. Directory.EnumerateFiles(Fixtures.Root, "*", SearchOption.AllDirectories)
            .Select(path => (Name: Path.GetRelativePath(Fixtures.Root, path).Replace('\\', '/'), Path: path))
            .Where(f => f.Name != "SOURCES.md" && !f.Name.Split('/').Contains("node_modules"))];

    private static Dictionary<string, (string Sha256, string Origin)> Rows() =>
        File.ReadLines(Fixtures.Path("SOURCES.md"))
            .Select(line => Row().Match(line))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups["path"].Value, m => (m.Groups["sha"].Value, m.Groups["origin"].Value.Trim()));

    [GeneratedRegex(@"^\| `(?<path>[^`]+)` \| [0-9,]+ \| `(?<sha>[0-9a-f]{64})` \| (?<origin>[^|]+) \|")]
    private static partial Regex Row();
}
