namespace InverseScaling.Engine.Data.Generators;

/// <summary>Checks names: unique, not reserved, and every placeholder resolvable with the right field.</summary>
internal sealed class TemplateSpecChecker(TemplateTaskSpec spec, List<DatasetIssue> errors)
{
    private readonly Dictionary<string, SpecSlot> _valueLists = [];

    public void Check()
    {
        foreach (var (name, path) in spec.Slots.Select(s => (s.Name, s.Path)).Concat(spec.Pools.Select(p => (p.Name, p.Path))).Concat(spec.Derived.Select(d => (d.Name, d.Path))))
        {
            if (name == SpecDerived.ItemName)
            {
                Error(path, $"\"{SpecDerived.ItemName}\" is reserved for the item drawn by a \"sample\" block");
            }
            else if (spec.Slots.Count(s => s.Name == name) + spec.Pools.Count(p => p.Name == name) + spec.Derived.Count(d => d.Name == name) > 1)
            {
                Error(path, $"the name \"{name}\" is used twice among slots, pools and derived values");
            }
        }

        foreach (var list in spec.Slots.Concat(spec.Pools))
        {
            _valueLists.TryAdd(list.Name, list);
        }

        var derivedSoFar = new HashSet<string>();
        foreach (var list in spec.Slots.Concat(spec.Pools))
        {
            foreach (var value in list.Values)
            {
                foreach (var t in value.Templates)
                {
                    CheckTemplate(t, spec.Derived.Select(d => d.Name).ToHashSet(), item: null);
                }
            }
        }

        foreach (var derived in spec.Derived)
        {
            SpecSlot? item = null;
            if (derived.SampleFrom is { } from && !_valueLists.TryGetValue(from, out item))
            {
                Error(JsonLineMap.Child(derived.Path, "sample"), $"\"sample\" names \"{from}\", which is not a slot or pool ({Known()})");
            }

            foreach (var t in derived.Templates)
            {
                CheckTemplate(t, derivedSoFar, t == derived.ItemTemplate ? item : null);
            }

            derivedSoFar.Add(derived.Name);
        }

        foreach (var t in spec.Classes.Append(spec.Prompt).Concat(spec.Answer is null ? [] : [spec.Answer]).Concat(spec.Metadata.Select(m => m.Template)))
        {
            CheckTemplate(t, derivedSoFar, item: null);
        }
    }

    private void CheckTemplate(SpecTemplate template, HashSet<string> derived, SpecSlot? item)
    {
        foreach (var part in template.Template.Placeholders)
        {
            var name = part.Name!;
            var list = name == SpecDerived.ItemName ? item : _valueLists.GetValueOrDefault(name);
            if (name == SpecDerived.ItemName && item is null)
            {
                Error(template.Path, $"{{{SpecDerived.ItemName}}} is only defined inside the \"template\" of a \"sample\" block");
            }
            else if (list is null && !derived.Contains(name))
            {
                var later = spec.Derived.Any(d => d.Name == name) ? $" (\"{name}\" is derived later; derived values may only use earlier ones)" : $" ({Known()})";
                Error(template.Path, $"unknown slot \"{name}\" in \"{template.Template.Source}\"{later}");
            }
            else if (list is not null && spec.Pools.Contains(list) && name != SpecDerived.ItemName)
            {
                Error(template.Path, $"\"{name}\" is a pool: its values are reached through a \"sample\" block's {{{SpecDerived.ItemName}}}, not directly");
            }
            else if (list?.Values[0].Fields is { } fields && part.Field is null)
            {
                Error(template.Path, $"\"{name}\" holds objects; name a field, e.g. {{{name}.{fields.Keys.First()}}}");
            }
            else if (list?.Values[0].Fields is { } fields2 && !fields2.ContainsKey(part.Field!))
            {
                Error(template.Path, $"\"{name}\" has no field \"{part.Field}\" (fields: {string.Join(", ", fields2.Keys)})");
            }
            else if (part.Field is not null && (list is null || list.Values[0].Fields is null))
            {
                Error(template.Path, $"\"{name}\" is a plain value and has no fields; write {{{name}}}");
            }
        }
    }

    private string Known() => "known: " + string.Join(", ", spec.Slots.Select(s => s.Name).Concat(spec.Derived.Select(d => d.Name)));

    private void Error(string path, string message) => errors.Add(new(spec.SourceFile, spec.Lines.LineOf(path), IssueSeverity.Error, $"{path}: {message}"));
}
