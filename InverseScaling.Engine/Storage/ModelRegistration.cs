using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;

namespace InverseScaling.Engine.Storage;

/// <summary>Registers loaded model folders in the store: the one rule the CLI, the dashboard and start-up share.</summary>
public static class ModelRegistration
{
    /// <summary>
    /// Saves <paramref name="models"/>, replacing a stored model with the same content hash (same numbers; the newer
    /// folder and display fields win) and refusing a name that another stored model already uses, since runs and the
    /// UI find models by name.
    /// </summary>
    /// <exception cref="ModelFormatException">A model's name is taken by a different stored model; nothing is saved.</exception>
    public static void Save(IResultsStore store, IReadOnlyList<ModelDescriptor> models)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stored = store.GetModels();
        foreach (var model in models)
        {
            var clash = stored.Concat(models.TakeWhile(m => m != model))
                .FirstOrDefault(m => m.Name == model.Name && m.ContentHash != model.ContentHash);
            if (clash is not null)
            {
                throw new ModelFormatException(
                    model.Directory,
                    $"a different model named \"{model.Name}\" is already registered (from {clash.Directory}); rename the folder or set \"name\" in its model.json");
            }
        }

        foreach (var model in models)
        {
            store.SaveModel(model);
        }
    }
}
