using InverseScaling.Engine.Data;

namespace InverseScaling.Engine.Tests.Import;

/// <summary>The official datasets (test fixtures), read once for all import tests.</summary>
internal static class ImportFixtures
{
    private static readonly Lazy<TaskDataset> LazyNeqa = new(() => TaskFileReader.Read(Fixtures.InverseScaling("neqa", "neqa_classification.jsonl")));
    private static readonly Lazy<TaskDataset> LazyMemoTrap = new(() => TaskFileReader.Read(Fixtures.InverseScaling("memo_trap", "memo-trap_classification.jsonl")));
    private static readonly Lazy<TaskDataset> LazyHindsight = new(() => TaskFileReader.Read(Fixtures.InverseScaling("hindsight_neglect", "hindsight-neglect_classification.jsonl")));

    public static TaskDataset Neqa => LazyNeqa.Value;

    public static TaskDataset MemoTrap => LazyMemoTrap.Value;

    public static TaskDataset Hindsight => LazyHindsight.Value;

    public static IReadOnlyList<TaskDataset> All => [Neqa, MemoTrap, Hindsight];

    public static string Gpt3Csv(string model) => Fixtures.InverseScaling("neqa", "gpt3_results_round1", model + ".csv");

    public static string PythiaJson(string name) => Fixtures.InverseScaling("_results", "emergent-inabilities", "results", name + ".json");

    public static string OptTable => Fixtures.InverseScaling("_results", "hf-autoeval-opt", "opt_hf_autoeval_model_cards.csv");

    public static TaskDataset? ByName(string name) => All.FirstOrDefault(d => d.Name == name);
}
