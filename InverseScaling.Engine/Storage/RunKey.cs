using System.Security.Cryptography;
using System.Text;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Storage;

/// <summary>
/// Identifies a local run by what determines its numbers: the model's content, the dataset's content and the
/// scoring settings. Asking for the same three again finds the cached run, whatever the files are called.
/// </summary>
internal static class RunKey
{
    /// <param name="model">The model, by the hash of its files.</param>
    /// <param name="datasetSha256">The dataset's identity (<see cref="Data.TaskDataset.Sha256"/>).</param>
    /// <param name="settings">Shots and seed.</param>
    /// <param name="type">
    /// The task's type. Logodds files were scored as classification before that type existed, under the same file
    /// hash; their type is in the key so such old runs are not taken for logodds ones. Other types leave the key as it was.
    /// </param>
    public static string For(ModelDescriptor model, string datasetSha256, ScoringSettings settings, TaskType type = TaskType.Classification)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        var text = string.Join(
            '\n',
            "local",
            model.ContentHash,
            datasetSha256,
            $"shots={settings.Shots}",
            $"seed={settings.Seed}",
            $"metric={ScoringSettings.MetricVersion}");
        return Hash(type.IsLogodds() ? text + $"\ntype={type.PipelineName()}" : text);
    }

    /// <summary>Key of an imported run: its source file's content and the names it was imported under.</summary>
    public static string ForImport(string sourceSha256, string taskName, string modelName) =>
        Hash(string.Join('\n', "import", sourceSha256, taskName, modelName));

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
