using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace InverseScaling.EndToEnd.Tests.Cli;

/// <summary>
/// One malformed input: the command line that is given it, the file (or folder) the error must name, and a piece of
/// the reason it must give.
/// </summary>
public sealed record MalformedInput(string[] Args, string Names, string Reason);

/// <summary>
/// A corpus of malformed inputs of every kind the command line reads — task files, model folders, results files and
/// command-line values — each written by the test into a fresh folder (nothing here reads ../shared).
/// </summary>
internal static class MalformedInputCorpus
{
    private const string Row = """{"prompt": "Q: Is the sky blue?\nA:", "classes": "[' Yes', ' No']", "answer_index": 0}""";

    private static readonly Dictionary<string, Func<string, MalformedInput>> Cases = new()
    {
        // ---- task files ------------------------------------------------------------------------------------
        ["truncated JSON"] = f => Score(Task(f, "truncated.jsonl", Row + "\n" + Row[..40]), "truncated.jsonl:2", "invalid JSON"),
        ["byte-order mark inside the file"] = f => Score(Task(f, "bom.jsonl", Row + "\n\uFEFF" + Row), "bom.jsonl:2", "invalid JSON"),
        ["UTF-16 with a byte-order mark"] = f => Score(TaskBytes(f, "utf16.jsonl", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Row)]), "utf16.jsonl:1", "UTF-16"),
        ["UTF-16 without a byte-order mark"] = f => Score(TaskBytes(f, "utf16-bare.jsonl", Encoding.Unicode.GetBytes(Row)), "utf16-bare.jsonl:1", "NUL bytes"),
        ["NUL bytes"] = f => Score(Task(f, "nul.jsonl", Row + "\n" + Row.Replace("sky", "sky\0")), "nul.jsonl:2", "NUL bytes"),
        ["invalid UTF-8"] = f => Score(TaskBytes(f, "latin1.jsonl", Encoding.Latin1.GetBytes(Row.Replace("sky", "skÿ"))), "latin1.jsonl:1", "invalid UTF-8"),
        ["a 50 MB line"] = f => Score(Task(f, "huge.jsonl", Row + "\n{\"prompt\": \"" + new string('x', 50 * 1024 * 1024)), "huge.jsonl:2", "invalid JSON"),
        ["a 50 MB prompt"] = f => Score(Task(f, "huge-prompt.jsonl", Row + "\n" + Row.Replace("Is the sky blue?", new string('x', 50 * 1024 * 1024))), "huge-prompt.jsonl:2", "characters long, more than the 1,000,000"),
        ["empty file"] = f => Score(Task(f, "empty.jsonl", ""), "empty.jsonl:1", "the file is empty"),
        ["0 classes"] = f => Score(Task(f, "zero.jsonl", Row.Replace("[' Yes', ' No']", "[]")), "zero.jsonl:1", "\"classes\" is empty"),
        ["1 class"] = f => Score(Task(f, "one.jsonl", Row.Replace("[' Yes', ' No']", "[' Yes']")), "one.jsonl:1", "only one class"),
        ["100 classes, answer past the end"] = f => Score(
            Task(f, "hundred.jsonl", Row.Replace("[' Yes', ' No']", "[" + string.Join(", ", Enumerable.Range(0, 100).Select(i => $"' c{i}'")) + "]").Replace("\"answer_index\": 0", "\"answer_index\": 100")),
            "hundred.jsonl:1", "there are 100 classes"),
        ["classes not a list"] = f => Score(Task(f, "notlist.jsonl", Row.Replace("[' Yes', ' No']", "' Yes', ' No'")), "notlist.jsonl:1", "not a Python list"),
        ["classes an object"] = f => Score(Task(f, "object.jsonl", Row.Replace("\"[' Yes', ' No']\"", "{\"a\": 1}")), "object.jsonl:1", "\"classes\" must be a string holding a list literal"),
        ["nested quotes"] = f => Score(Task(f, "nested.jsonl", Row.Replace("[' Yes', ' No']", "[' it's', ' No']")), "nested.jsonl:1", "not a Python list"),
        ["mixed quotes"] = f => Score(Task(f, "mixed.jsonl", Row.Replace("[' Yes', ' No']", "[' Yes\\\", \\\" No']")), "mixed.jsonl:1", "only one class"),
        ["duplicated CSV columns"] = f => Score(Task(f, "dup.csv", "prompt,classes,prompt\nQ,\"[' A', ' B']\",0\n"), "dup.csv:1", "appears twice"),
        ["duplicated JSON keys"] = f => Score(Task(f, "dupkey.jsonl", Row.Replace("\"answer_index\": 0", "\"answer_index\": 0, \"answer_index\": 1")), "dupkey.jsonl:1", "appears twice"),
        ["CRLF mixed with LF"] = f => Score(Task(f, "crlf.csv", "prompt,classes,answer_index\r\nQ,\"[' A', ' B']\",0\nQ2,\"[' A', ' B']\"\r\n"), "crlf.csv:3", "expected 3 fields"),
        ["answer_index 1.5"] = f => Score(Task(f, "half.jsonl", Row.Replace("\"answer_index\": 0", "\"answer_index\": 1.5")), "half.jsonl:1", "must be an integer, but it is the number 1.5"),
        ["lone \\ud800 escape"] = f => Score(Task(f, "surrogate.jsonl", Row.Replace("sky", "sky\\ud800")), "surrogate.jsonl:1", "not valid text"),
        ["a JSON array line"] = f => Score(Task(f, "array.jsonl", "[\"Q\", [\" A\", \" B\"], 0]"), "array.jsonl:1", "expected a JSON object"),
        ["mixed task types"] = f => Score(Task(f, "types.jsonl", Row + "\n{\"prompt\": \"Q\", \"completion\": \" x\"}"), "types.jsonl:2", "mixed task types"),
        ["Git LFS pointer as a task file"] = f => Score(Task(f, "lfs.jsonl", LfsPointer), "lfs.jsonl:1", "git lfs pull"),
        ["directory given as a task file"] = f => Score(Directory.CreateDirectory(Path.Combine(f, "folder.jsonl")).FullName, "folder.jsonl", "cannot read the file"),
        ["unreadable task file"] = f => Score(Unreadable(f, "locked.jsonl"), "locked.jsonl", "cannot read the file"),

        // ---- model folders ---------------------------------------------------------------------------------
        ["model folder without model.json, config.json or a tokenizer it can find"] = f => ScoreModel(Model(f, "nomanifest", d => File.Delete(Path.Combine(d, "model.json"))), "nomanifest", "no tokenizer"),
        ["corrupt model.json"] = f => ScoreModel(Model(f, "corrupt", d => Truncate(Path.Combine(d, "model.json"), 60)), "model.json", "invalid manifest"),
        ["model.json without maxContext (and no config.json)"] = f => ScoreModel(Model(f, "nocontext", d => EditManifest(d, m => m.Remove("maxContext"))), "nocontext", "no context length"),
        ["model.json with maxContext 0"] = f => ScoreModel(Model(f, "zerocontext", d => EditManifest(d, m => m["maxContext"] = 0)), "model.json", "\"maxContext\" must be at least 2"),
        ["truncated .onnx"] = f => ScoreModel(Model(f, "truncated-onnx", d => Truncate(Path.Combine(d, "model.onnx"), 4096)), "model.onnx", "ONNX Runtime cannot load the graph"),
        ["Git LFS pointer as the .onnx"] = f => ScoreModel(Model(f, "lfs-onnx", d => File.WriteAllText(Path.Combine(d, "model.onnx"), LfsPointer)), "model.onnx", "git lfs pull"),
        ["tokenizer of the wrong kind"] = f => ScoreModel(Model(f, "wrong-tokenizer", d => File.WriteAllText(Path.Combine(d, "tok512.model"), "{\"model\": {\"type\": \"BPE\"}}")), "tok512.model", "cannot read tokenizer"),
        ["tokenizer of an unknown format"] = f => ScoreModel(Model(f, "unknown-tokenizer", d => EditManifest(d, m => m["tokenizer"] = "model.json")), "model.json", "not a Hugging Face tokenizer.json"),
        ["tokenizer missing"] = f => ScoreModel(Model(f, "no-tokenizer", d => File.Delete(Path.Combine(d, "tok512.model"))), "tok512.model", "not found"),
        ["a file given as the model folder"] = f => ScoreModel(Task(f, "not-a-folder", "x"), "not-a-folder", "model folder not found"),
        ["manifest maxContext above the graph's context"] = f => new MalformedInput(
            ["score", "-m", Model(f, "overlong", d => EditManifest(d, m => m["maxContext"] = 4096), "llama2xs-279K"),
             "-t", Task(f, "long-prompt.jsonl", Row.Replace("Q: Is", "Q: " + string.Concat(Enumerable.Repeat("and then ", 200)) + "Is"))],
            Path.Combine(f, "overlong"), "maxContext"),

        // ---- results files ---------------------------------------------------------------------------------
        ["pipeline CSV with the wrong row count"] = f => Import(f, Task(f, "results.csv", "index,loss,correct,predicted,total_logprob\n0,0.5,1, Yes,-0.7\n"), "results.csv", "1 rows, but good has 2 examples"),
        ["pipeline CSV with a bad number"] = f => Import(f, Task(f, "bad-number.csv", "index,loss,correct,predicted,total_logprob\n0,0.5,1, Yes,-0.7\n1,lots,1, Yes,-0.7\n"), "bad-number.csv:3", "loss \"lots\" is not a number"),
        ["lm-eval samples with a string doc_id and numeric classes"] = f => Import(
            f, Task(f, "samples_t_2024.jsonl", """{"doc_id": "zero", "doc": {"prompt": "Q", "classes": [1, 2], "answer_index": 0}, "target": 0, "arguments": {"gen_args_0": {"arg_0": "Q", "arg_1": " 1"}, "gen_args_1": {"arg_0": "Q", "arg_1": " 2"}}, "filtered_resps": [["-1.0", "False"], ["-2.0", "False"]]}"""),
            "samples_t_2024.jsonl:1", "doc.classes holds something other than strings"),
        ["lm-eval samples with a line that is not an object"] = f => Import(
            f, Task(f, "samples_u_2024.jsonl", """{"doc_id": 0, "doc": {"prompt": "Q: Is the sky blue?\nA:", "classes": "[' Yes', ' No']", "answer_index": 0}, "target": 0, "arguments": {"gen_args_0": {"arg_0": "Q: Is the sky blue?\nA:", "arg_1": " Yes"}, "gen_args_1": {"arg_0": "Q: Is the sky blue?\nA:", "arg_1": " No"}}, "filtered_resps": [["-1.0", "False"], ["-2.0", "False"]]}""" + "\n[1, 2]"),
            "samples_u_2024.jsonl:2", "not a sample object"),
        ["lm-eval results with wrong JSON types"] = f => Import(
            f, Task(f, "results_2024.json", """{"results": {"t": {"acc,none": 0.5}}, "config": "gpt2", "n-samples": 3}"""), "results_2024.json", "wrong JSON type"),
        ["truncated results JSON"] = f => Import(f, Task(f, "results_cut.json", """{"results": {"t": {"acc,none": 0."""), "results_cut.json", "not valid JSON"),
        ["Git LFS pointer as a results file"] = f => Import(f, Task(f, "lfs.csv", LfsPointer), "lfs.csv:1", "git lfs pull"),
        ["results file of an unknown kind"] = f => Import(f, Task(f, "results.txt", "hello"), "results.txt", "unknown results format"),

        // ---- command-line values ---------------------------------------------------------------------------
        ["--out naming a directory"] = f => new MalformedInput(
            ["score", "-m", TestData.BundledModel("stories260K"), "-t", GoodTask(f), "--out", Directory.CreateDirectory(Path.Combine(f, "out.csv")).FullName],
            "out.csv", "this is a folder"),
        ["--out naming a file where a folder is needed"] = f => new MalformedInput(
            ["score", "-m", TestData.BundledModel("stories260K"), TestData.BundledModel("llama2xs-279K"), "-t", GoodTask(f), "--out", Task(f, "out", "x")],
            "out", "this is a file"),
    };

    private const string LfsPointer = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 1048576\n";

    public static IEnumerable<string> Names => Cases.Keys;

    public static MalformedInput Build(string name, string folder) => Cases[name](folder);

    private static MalformedInput Score(string task, string names, string reason) =>
        new(["score", "-m", TestData.BundledModel("stories260K"), "-t", task], names, reason);

    private static MalformedInput ScoreModel(string model, string names, string reason) =>
        new(["score", "-m", model, "-t", GoodTask(Path.GetDirectoryName(model)!)], names, reason);

    private static MalformedInput Import(string folder, string file, string names, string reason) =>
        new(["import", file, "--task", GoodTask(folder), "--model", "m", "--params", "1000"], names, reason);

    private static string GoodTask(string folder) => Task(folder, "good.jsonl", Row + "\n" + Row.Replace("sky", "grass"));

    private static string Task(string folder, string name, string content) => TaskBytes(folder, name, Encoding.UTF8.GetBytes(content));

    private static string TaskBytes(string folder, string name, byte[] content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>
    /// A file that cannot be read: mode 000, or, where that does not stop reading (tests running as root; Windows), a
    /// symbolic link to a file that does not exist — what the reader meets either way is a file it cannot open.
    /// </summary>
    private static string Unreadable(string folder, string name)
    {
        var path = Task(folder, name, Row);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.None);
        }

        try
        {
            File.ReadAllBytes(path);
        }
        catch (UnauthorizedAccessException)
        {
            return path;
        }

        File.Delete(path);
        File.CreateSymbolicLink(path, Path.Combine(folder, "nowhere", name));
        return path;
    }

    /// <summary>A copy of a bundled model folder, changed by <paramref name="spoil"/>.</summary>
    private static string Model(string folder, string name, Action<string> spoil, string bundled = "stories260K")
    {
        var target = FolderCopy.Copy(TestData.BundledModel(bundled), Path.Combine(folder, name));
        spoil(target);
        return target;
    }

    private static void EditManifest(string model, Action<JsonObject> edit)
    {
        var path = Path.Combine(model, "model.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(manifest);
        File.WriteAllText(path, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static void Truncate(string path, int bytes) => File.WriteAllBytes(path, File.ReadAllBytes(path)[..bytes]);
}
