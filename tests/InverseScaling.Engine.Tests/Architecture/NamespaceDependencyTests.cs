using System.Reflection;
using System.Reflection.Emit;

namespace InverseScaling.Engine.Tests.Architecture;

/// <summary>
/// The Engine's top-level namespaces depend on each other one way only (README, "Layout"): every type's signatures
/// (base types, interfaces, fields, properties, parameters, return types, generic arguments) and the types its method
/// bodies touch (read from the IL) count as a dependency. The root namespace (options, DI registration, bundled
/// content) is the composition root and is left out.
/// </summary>
public sealed class NamespaceDependencyTests
{
    private const string Root = "InverseScaling.Engine";

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The documented order: each namespace may use only those before it.</summary>
    private static readonly string[] Order = ["Data", "Tokenization", "Models", "Scoring", "Storage", "Runs", "Import"];

    [Fact]
    public void Top_level_namespaces_have_no_cycle()
    {
        var graph = DependencyGraph();

        var cycle = FindCycle(graph);

        Assert.True(cycle is null, "namespace cycle: " + string.Join(" → ", cycle ?? []));
    }

    [Fact]
    public void Dependencies_follow_the_documented_order()
    {
        var graph = DependencyGraph();

        Assert.Equal(Order.Order(), graph.Keys.Order());
        var backwards = graph
            .SelectMany(kv => kv.Value.Select(to => (From: kv.Key, To: to)))
            .Where(e => Array.IndexOf(Order, e.To) > Array.IndexOf(Order, e.From))
            .Select(e => $"{e.From} → {e.To}");
        Assert.Empty(backwards);
    }

    [Fact]
    public void The_detector_sees_a_dependency_that_only_a_method_body_has()
    {
        // EvaluationService (Runs) calls into the store only inside method bodies and signatures; Scoring's
        // PrizeMetrics is used only from method bodies of Storage/Import: both must be seen.
        var graph = DependencyGraph();

        Assert.Contains("Storage", graph["Runs"]);
        Assert.Contains("Scoring", graph["Storage"]);
    }

    private static Dictionary<string, HashSet<string>> DependencyGraph()
    {
        var assembly = typeof(BundledContent).Assembly;
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var type in assembly.GetTypes())
        {
            if (TopLevel(type) is not { } from)
            {
                continue;
            }

            var edges = graph.TryGetValue(from, out var set) ? set : graph[from] = [];
            foreach (var used in UsedTypes(type))
            {
                if (used.Assembly == assembly && TopLevel(used) is { } to && to != from)
                {
                    edges.Add(to);
                }
            }
        }

        return graph;
    }

    private static string? TopLevel(Type type)
    {
        var ns = (type.DeclaringType is { } outer ? Outermost(outer) : type).Namespace;
        if (ns is null || !ns.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        return ns[(Root.Length + 1)..].Split('.')[0];
    }

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<Type>();
        void Add(Type? t)
        {
            if (t is null)
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }

            found.Add(t);
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var argument in t.GetGenericArguments())
                {
                    Add(argument);
                }
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(i);
        }

        foreach (var field in type.GetFields(All))
        {
            Add(field.FieldType);
        }

        foreach (var property in type.GetProperties(All))
        {
            Add(property.PropertyType);
        }

        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
            }

            foreach (var used in TypesInBody(method))
            {
                Add(used);
            }
        }

        return found;
    }

    /// <summary>The types named by the operands of a method body's instructions (calls, fields, casts, allocations).</summary>
    private static IEnumerable<Type> TypesInBody(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var module = method.Module;
        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, at);
                    MemberInfo? member = null;
                    try
                    {
                        member = module.ResolveMember(token, typeArguments, methodArguments);
                    }
                    catch (ArgumentException)
                    {
                        // A token into another module's generic context: not one of ours.
                    }

                    if (member is Type t)
                    {
                        yield return t;
                    }
                    else if (member?.DeclaringType is { } declaring)
                    {
                        yield return declaring;
                    }

                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                default:
                    at += OperandSize(opCode.OperandType);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>();
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node, []))
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path.SkipWhile(n => n != next), next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in graph.Keys)
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }
}
