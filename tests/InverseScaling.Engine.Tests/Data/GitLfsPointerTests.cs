using System.Text;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Tests.Models;

namespace InverseScaling.Engine.Tests.Data;

/// <summary>A Git LFS pointer in place of a task, results, graph or tokenizer file is named as such, once, with the fix.</summary>
public sealed class GitLfsPointerTests
{
    // The pointer format of https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md.
    private const string Pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 2668286\n";

    private const string Expected = "this is a Git LFS pointer, not the file itself (the real file has 2,668,286 bytes): the repository was cloned "
        + "without Git LFS; install Git LFS and run `git lfs pull` in that repository (or download the file directly) to get the real file";

    [Fact]
    public void Is_recognised_by_its_first_line_only()
    {
        Assert.True(GitLfsPointer.Is(Encoding.UTF8.GetBytes(Pointer)));
        Assert.False(GitLfsPointer.Is(Encoding.UTF8.GetBytes("{\"version\": \"https://git-lfs.github.com/spec/v1\"}")));
        Assert.False(GitLfsPointer.Is(Encoding.UTF8.GetBytes("version https://git-lfs")));
    }

    [Fact]
    public void A_task_file_is_refused_with_one_message()
    {
        var e = Assert.Throws<DatasetFormatException>(() => TaskFileReader.Read(Encoding.UTF8.GetBytes(Pointer), "neqa.jsonl"));

        var issue = Assert.Single(e.Errors);
        Assert.Equal((1, Expected), (issue.Line, issue.Message));
    }

    [Fact]
    public void A_model_folder_whose_graph_is_a_pointer_is_refused_naming_the_graph()
    {
        using var root = new TempFolder();
        var onnx = Path.Combine(root.Path, "model.onnx");
        File.WriteAllText(onnx, Pointer);
        var folder = TestModels.Folder(root, "lfs", onnx, Path.Combine(BundledContent.Models, "stories260K", "tok512.model"));

        var e = Assert.Throws<ModelFormatException>(() => ModelFolder.Load(folder));

        Assert.Equal((onnx, Expected), (e.File, e.Problem));
    }

    [Fact]
    public void A_results_file_is_refused_naming_it()
    {
        using var root = new TempFolder();
        var path = root.Write("davinci.csv", Pointer);

        using var store = new InverseScaling.Engine.Storage.LiteDbResultsStore(Path.Combine(root.Path, "r.litedb"));

        var e = Assert.Throws<ImportException>(() => new ResultsImporter(store).Read(path));

        Assert.Equal((path, 1, Expected), (e.File, e.Line, e.Reason));
    }
}
