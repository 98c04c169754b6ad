using System.Globalization;
using System.Text.Json;

namespace InverseScaling.Engine.Data.Generators;

/// <summary>Reads the JSON into the spec's parts, collecting every shape error with its path and line.</summary>
internal sealed class TemplateSpecReader(TemplateTaskSpec spec, string file)
{
    private static readonly HashSet<string> TopLevelKeys =
        ["name", "description", "seed", "sample", "shuffle_classes", "slots", "pools", "derived", "prompt", "classes", "answer", "metadata"];

    public List<DatasetIssue> Errors { get; } = [];

    public void ReadRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error("$", "a spec is a JSON object with \"name\", \"slots\", \"prompt\", \"classes\" and \"answer\"");
            return;
        }

        foreach (var property in root.EnumerateObject().Where(p => !TopLevelKeys.Contains(p.Name)))
        {
            Error("$." + property.Name, $"unknown key \"{property.Name}\" (known: {string.Join(", ", TopLevelKeys)})");
        }

        spec.Name = RequiredString(root, "name") ?? "";
        spec.Description = OptionalString(root, "description") ?? "";
        spec.Seed = OptionalInt(root, "seed", min: int.MinValue) ?? 0;
        spec.SampleSize = OptionalInt(root, "sample", min: 1);
        spec.ShuffleClasses = OptionalBool(root, "shuffle_classes") ?? false;

        if (Property(root, "slots", JsonValueKind.Object, required: true) is { } slots)
        {
            spec.Slots.AddRange(ReadSlots(slots, "$.slots"));
        }

        if (Property(root, "pools", JsonValueKind.Object, required: false) is { } pools)
        {
            spec.Pools.AddRange(ReadSlots(pools, "$.pools"));
        }

        if (Property(root, "derived", JsonValueKind.Object, required: false) is { } derived)
        {
            foreach (var property in derived.EnumerateObject())
            {
                if (ReadDerived(property.Name, property.Value, "$.derived." + property.Name) is { } d)
                {
                    spec.Derived.Add(d);
                }
            }
        }

        spec.Prompt = Template(root, "prompt", "$.prompt") ?? spec.Prompt;
        if (Property(root, "classes", JsonValueKind.Array, required: true) is { } classes)
        {
            var i = 0;
            foreach (var item in classes.EnumerateArray())
            {
                if (TemplateOf(item, JsonLineMap.Item("$.classes", i++)) is { } t)
                {
                    spec.Classes.Add(t);
                }
            }

            if (i < 2)
            {
                Error("$.classes", "a classification task needs at least two classes");
            }
        }

        if (!root.TryGetProperty("answer", out var answer))
        {
            Error("$", "missing \"answer\": a template naming the correct class (e.g. \"{a}\") or a class index");
        }
        else if (answer.ValueKind == JsonValueKind.Number)
        {
            if (!answer.TryGetInt32(out var index) || index < 0)
            {
                Error("$.answer", $"\"answer\" as a number must be a class index (0, 1, …), not {answer.GetRawText()}");
            }
            else if (spec.Classes.Count > 0 && index >= spec.Classes.Count)
            {
                Error("$.answer", $"\"answer\" {index} is out of range: there are {spec.Classes.Count} classes");
            }
            else
            {
                spec.AnswerIndex = index;
            }
        }
        else
        {
            spec.Answer = TemplateOf(answer, "$.answer");
        }

        if (Property(root, "metadata", JsonValueKind.Object, required: false) is { } metadata)
        {
            foreach (var property in metadata.EnumerateObject())
            {
                if (TaskFileKeys.IsReserved(property.Name))
                {
                    Error("$.metadata." + property.Name, $"\"{property.Name}\" is a key of every task file row, not a metadata column; choose another name");
                }
                else if (TemplateOf(property.Value, "$.metadata." + property.Name) is { } t)
                {
                    spec.Metadata.Add((property.Name, t));
                }
            }
        }
    }

    private IEnumerable<SpecSlot> ReadSlots(JsonElement slots, string path)
    {
        foreach (var slot in slots.EnumerateObject())
        {
            var slotPath = JsonLineMap.Child(path, slot.Name);
            if (slot.Value.ValueKind != JsonValueKind.Array || slot.Value.GetArrayLength() == 0)
            {
                Error(slotPath, $"slot \"{slot.Name}\" must be a non-empty array of values");
                continue;
            }

            var values = new List<SpecValue>();
            var i = 0;
            foreach (var item in slot.Value.EnumerateArray())
            {
                var itemPath = JsonLineMap.Item(slotPath, i++);
                if (item.ValueKind == JsonValueKind.Object)
                {
                    var fields = new Dictionary<string, SpecTemplate>();
                    foreach (var field in item.EnumerateObject())
                    {
                        if (TemplateOf(field.Value, JsonLineMap.Child(itemPath, field.Name)) is { } t)
                        {
                            fields[field.Name] = t;
                        }
                    }

                    values.Add(new SpecValue(null, fields, itemPath));
                }
                else if (TemplateOf(item, itemPath) is { } scalar)
                {
                    values.Add(new SpecValue(scalar, null, itemPath));
                }
            }

            if (values.Select(v => v.Fields is null).Distinct().Count() > 1)
            {
                Error(slotPath, $"slot \"{slot.Name}\" mixes objects and plain values; use one kind");
                continue;
            }

            if (values.FirstOrDefault()?.Fields is { } first
                && values.FirstOrDefault(v => !v.Fields!.Keys.ToHashSet().SetEquals(first.Keys)) is { } odd)
            {
                Error(odd.Path, $"every value of slot \"{slot.Name}\" must have the same fields ({string.Join(", ", first.Keys)}); this one has ({string.Join(", ", odd.Fields!.Keys)})");
                continue;
            }

            yield return new SpecSlot(slot.Name, values, slotPath);
        }
    }

    private SpecDerived? ReadDerived(string name, JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return TemplateOf(value, path) is { } t ? new SpecDerived(name, path, t, null, null, null, null, null, null) : null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Error(path, "a derived value is a template string, {\"cycle\": …} or {\"sample\": …}");
            return null;
        }

        var isCycle = value.TryGetProperty("cycle", out var cycle);
        var isSample = value.TryGetProperty("sample", out var sample);
        if (isCycle == isSample)
        {
            Error(path, "a derived object needs exactly one of \"cycle\" (repeat a list of items) or \"sample\" (draw demonstrations from a pool)");
            return null;
        }

        string[] known = isCycle ? ["cycle", "count", "separator", "suffix"] : ["sample", "count", "template", "separator"];
        foreach (var property in value.EnumerateObject().Where(p => !known.Contains(p.Name)))
        {
            Error(JsonLineMap.Child(path, property.Name), $"unknown key \"{property.Name}\" (known: {string.Join(", ", known)})");
        }

        if (!value.TryGetProperty("count", out var countElement))
        {
            Error(path, "missing \"count\": a number or a template such as \"{reps.shown}\"");
            return null;
        }

        var count = TemplateOf(countElement, JsonLineMap.Child(path, "count"));
        var separator = OptionalString(value, "separator", path) ?? "";
        if (isCycle)
        {
            if (cycle.ValueKind != JsonValueKind.Array || cycle.GetArrayLength() == 0)
            {
                Error(JsonLineMap.Child(path, "cycle"), "\"cycle\" must be a non-empty array of templates");
                return null;
            }

            var items = cycle.EnumerateArray().Select((e, i) => TemplateOf(e, JsonLineMap.Item(JsonLineMap.Child(path, "cycle"), i))).ToList();
            var suffix = OptionalString(value, "suffix", path) ?? "";
            return items.Any(t => t is null) || count is null
                ? null
                : new SpecDerived(name, path, null, items!, null, null, count, separator, suffix);
        }

        if (sample.ValueKind != JsonValueKind.String)
        {
            Error(JsonLineMap.Child(path, "sample"), "\"sample\" names the pool or slot to draw from");
            return null;
        }

        var template = value.TryGetProperty("template", out var t2) ? TemplateOf(t2, JsonLineMap.Child(path, "template")) : null;
        if (!value.TryGetProperty("template", out _))
        {
            Error(path, "missing \"template\": how each drawn item is written, e.g. \"Q: {item.q}\\nA: {item.a}\"");
        }

        return template is null || count is null ? null : new SpecDerived(name, path, null, null, sample.GetString(), template, count, separator, "");
    }

    private SpecTemplate? Template(JsonElement root, string name, string path) =>
        root.TryGetProperty(name, out var value) ? TemplateOf(value, path) : Missing(name);

    private SpecTemplate? Missing(string name)
    {
        Error("$", $"missing \"{name}\"");
        return null;
    }

    private SpecTemplate? TemplateOf(JsonElement value, string path)
    {
        string text;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                text = value.GetString()!;
                break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                text = value.GetRawText();
                break;
            default:
                Error(path, $"expected a string (or number), found {value.ValueKind.ToString().ToLowerInvariant()}");
                return null;
        }

        var template = SlotTemplate.Parse(text, out var error);
        if (error is not null)
        {
            Error(path, error);
            return null;
        }

        return new SpecTemplate(template, path);
    }

    private JsonElement? Property(JsonElement obj, string name, JsonValueKind kind, bool required)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            if (required)
            {
                Error("$", $"missing \"{name}\"");
            }

            return null;
        }

        if (value.ValueKind != kind)
        {
            Error("$." + name, $"\"{name}\" must be a JSON {kind.ToString().ToLowerInvariant()}");
            return null;
        }

        return value;
    }

    private string? RequiredString(JsonElement obj, string name)
    {
        var value = OptionalString(obj, name);
        if (value is null && !obj.TryGetProperty(name, out _))
        {
            Error("$", $"missing \"{name}\"");
        }
        else if (value is { Length: 0 })
        {
            Error("$." + name, $"\"{name}\" is empty");
        }

        return value;
    }

    private string? OptionalString(JsonElement obj, string name, string parent = "$")
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(JsonLineMap.Child(parent, name), $"\"{name}\" must be a string");
            return null;
        }

        return value.GetString();
    }

    private int? OptionalInt(JsonElement obj, string name, int min)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min)
        {
            Error("$." + name, $"\"{name}\" must be an integer{(min > 0 ? $" of at least {min}" : "")}, not {value.GetRawText()}");
            return null;
        }

        return number;
    }

    private bool? OptionalBool(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Error("$." + name, $"\"{name}\" must be true or false");
            return null;
        }

        return value.GetBoolean();
    }

    private void Error(string path, string message) => Errors.Add(new(file, spec.Lines.LineOf(path), IssueSeverity.Error, $"{path}: {message}"));
}
