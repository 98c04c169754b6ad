using System.Security.Cryptography;
using InverseScaling.Engine.Models;

namespace InverseScaling.Engine.Tests.Models;

/// <summary>A model file is hashed once per content version, not on every load (issue 15, part 2).</summary>
public sealed class FileHashesTests
{
    [Fact]
    public void The_hash_is_the_files_sha256_recomputed_when_size_or_time_changes_and_remembered_otherwise()
    {
        using var root = new TempFolder();
        var file = Path.Combine(root.Path, "model.onnx");
        File.WriteAllBytes(file, [1, 2, 3, 4]);
        var time = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, time);

        Assert.Equal(SHA256.HashData(new byte[] { 1, 2, 3, 4 }), FileHashes.Sha256(file));

        // Same size and time: the remembered hash, without reading the file (this is what makes a reload cheap).
        File.WriteAllBytes(file, [9, 9, 9, 9]);
        File.SetLastWriteTimeUtc(file, time);
        Assert.Equal(SHA256.HashData(new byte[] { 1, 2, 3, 4 }), FileHashes.Sha256(file));

        // A new modification time or size: hashed again.
        File.SetLastWriteTimeUtc(file, time.AddSeconds(1));
        Assert.Equal(SHA256.HashData(new byte[] { 9, 9, 9, 9 }), FileHashes.Sha256(file));
        File.WriteAllBytes(file, [9, 9, 9]);
        File.SetLastWriteTimeUtc(file, time.AddSeconds(1));
        Assert.Equal(SHA256.HashData(new byte[] { 9, 9, 9 }), FileHashes.Sha256(file));
    }

    [Fact]
    public void A_model_folder_whose_graph_changes_gets_a_new_content_hash()
    {
        using var root = new TempFolder();
        var bundled = ModelFolder.Load(TestModels.Bundled("stories260K"));
        var onnx = Path.Combine(root.Path, "model.onnx");
        File.Copy(ModelFolder.OnnxPath(bundled), onnx);
        var folder = TestModels.Folder(root, "m", onnx, ModelFolder.TokenizerPath(bundled));
        var before = ModelFolder.Load(folder).ContentHash;

        Assert.Equal(before, ModelFolder.Load(folder).ContentHash);
        using (var stream = File.OpenWrite(onnx))
        {
            stream.Seek(0, SeekOrigin.End);
            stream.WriteByte(0);
        }

        Assert.NotEqual(before, ModelFolder.Load(folder).ContentHash);
    }
}
