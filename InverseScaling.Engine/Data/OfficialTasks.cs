namespace InverseScaling.Engine.Data;

/// <summary>One of the 11 prize-winning release files, identified by the SHA-256 of its bytes.</summary>
/// <param name="FileName">File name in the official data release.</param>
/// <param name="Name">The task's official display name.</param>
/// <param name="Bytes">Size of the official file.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the official file.</param>
/// <param name="Type">Classification, or sequence_prob for Prompt Injection.</param>
/// <param name="Rows">Number of examples, where known.</param>
/// <param name="Authors">The submission's authors as the Prize credits them.</param>
/// <param name="Round">Prize round the released version comes from (updated round-1 tasks are round 2).</param>
internal sealed record OfficialTask(
    string FileName,
    string Name,
    long Bytes,
    string Sha256,
    TaskType Type,
    int? Rows,
    string Authors,
    int Round);

/// <summary>
/// The official release files. Hashes and sizes are those of the Git-LFS pointers that record the release
/// (../shared/data/inverse-scaling/SOURCES.md); row counts agree with lm-eval's standard errors and the HF mirrors.
/// Only a byte-identical file is called official: a re-serialised copy may differ in ways that change scores.
/// </summary>
internal static class OfficialTasks
{
    public static IReadOnlyList<OfficialTask> All { get; } =
    [
        new("neqa_classification.jsonl", "NeQA", 84_046,
            "50ca9dca517dcd7fcdbb6d7f750fbbdade2142c0ac2da2bd196dc27464b464e6", TaskType.Classification, 300,
            "Zhengping Zhou, Yuhui Zhang", 1),
        new("hindsight-neglect_classification.jsonl", "Hindsight Neglect", 953_341,
            "1539e144e20c760cd70980ca012d3d75744b59385bdf78cffc4d02560c4b3686", TaskType.Classification, 315,
            "The Floating Droid", 1),
        new("resisting-correction_classification.jsonl", "Resisting Correction", 3_572_356,
            "0c2720f095a4272e6b1462fe774704c57db0f124c4b68f35747d76e79e5352f6", TaskType.Classification, 7_344,
            "Cavanagh, Gritsevskiy, Kauffman, Kirtland", 2),
        new("redefine_classification.jsonl", "Redefine", 202_277,
            "4ca8573039b0f943ea773d258cea3f937a8429cf0f6f0f060c281fd8eb6d5c7c", TaskType.Classification, 1_244,
            "Xudong Shen", 2),
        new("memo-trap_classification.jsonl", "Memo Trap", 165_763,
            "f09aac90bf841f2eb899d23beed8c8ccad2e1d3ab4f0fd3f1ff403fd5c7e11f2", TaskType.Classification, 936,
            "Alisa Liu, Jiacheng Liu", 2),
        new("modus-tollens_classification.jsonl", "Modus Tollens", 426_022,
            "fdf82374d7e401902f25303428678d3b540031ec81c7a7078cb3d7f346314a7d", TaskType.Classification, 1_236,
            "Sicong Huang, Daniel Wurgaft", 2),
        new("pattern-matching-suppression_classification.jsonl", "Pattern Matching Suppression", 338_768,
            "29ff41ccc2592ecd19c8bdf8e632a394314cb7d84d21e668d9060070d95fdad0", TaskType.Classification, 1_428,
            "Tomasz Korbak", 2),
        new("into-the-unknown_classification.jsonl", "Into the Unknown", 1_012_764,
            "74b5e1aca9e4aeedd2b6ce1686d0e5ee9cd380509d65bca37cad1ebebaecf51d", TaskType.Classification, 1_824,
            "Alexis Ross, Max Weiss", 2),
        new("sig-figs_classification.jsonl", "Sig Figs", 15_047_173,
            "19ca4afdd2b5d0fb2608097cf747b5a4105038ea2183750796c8bf57f23e7448", TaskType.Classification, 20_897,
            "Gabriel Recchia", 2),
        new("repetitive-algebra_classification.jsonl", "Repetitive Algebra", 740_039,
            "c2496c285bfef9e8da82dd28026aeb35f834da1c20ea410540c82698526428f3", TaskType.Classification, 1_000,
            "Tom Tseng", 2),
        new("prompt-injection_sequence-probability.jsonl", "Prompt Injection", 863_354,
            "0c8e7342a256e5ff53913e83c7477f57d5b776d77fbab2aef473e92054773e21", TaskType.SequenceProb, null,
            "Kauffman, Kirtland, Gritsevskiy, Cavanagh", 2),
    ];

    private static readonly Dictionary<string, OfficialTask> BySha = All.ToDictionary(t => t.Sha256, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, OfficialTask> ByFileName = All.ToDictionary(t => t.FileName, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// True when <paramref name="name"/> reads as an official task's name or file name ("Memo Trap", "memo-trap",
    /// "memo-trap_classification"), ignoring case, spaces, hyphens and underscores (<see cref="TaskNames"/>).
    /// </summary>
    public static bool IsOfficialName(string name) => TaskNames.IsOfficial(name);

    /// <summary>The official file with this SHA-256 (hex, either case), or null.</summary>
    public static OfficialTask? FindBySha256(string sha256) => BySha.GetValueOrDefault(sha256);

    /// <summary>The official file with this file name (the path's last part, case-insensitive), or null.</summary>
    public static OfficialTask? FindByFileName(string pathOrFileName) => ByFileName.GetValueOrDefault(Path.GetFileName(pathOrFileName));
}
