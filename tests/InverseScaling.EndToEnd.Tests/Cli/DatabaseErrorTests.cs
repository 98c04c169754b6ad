namespace InverseScaling.EndToEnd.Tests.Cli;

/// <summary>
/// A database the command line cannot use is one clean error: run as a real process, since host logging goes to the
/// process's own standard error, where a "fail:" trace would appear before the message.
/// </summary>
public sealed class DatabaseErrorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_file_that_is_not_a_database_is_one_error_line_without_a_logged_trace()
    {
        var database = Path.Combine(_folder.Path, "results.litedb");
        await File.WriteAllTextAsync(database, new string('x', 16_384));

        var (exitCode, output, error) = await CliProcess.RunAsync(_folder.Path, database, seedBundledContent: false, "runs");

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"error: {database}: not a results database that can be opened", error, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }
}
