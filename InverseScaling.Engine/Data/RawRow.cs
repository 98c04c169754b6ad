namespace InverseScaling.Engine.Data;

/// <summary>How a field was written in the file; CSV cells carry no type, JSON values do.</summary>
internal enum RawKind
{
    /// <summary>An untyped CSV cell: its meaning depends on the column.</summary>
    Text,
    String,
    Integer,
    Number,
    Boolean,
    Null,
    Array,
    Object,
}

/// <summary>One field of a row before validation. <see cref="Text"/> is the string, or the JSON source of other kinds.</summary>
internal sealed record RawValue(RawKind Kind, string Text, IReadOnlyList<RawValue>? Items = null)
{
    public string Describe() => Kind switch
    {
        RawKind.Text or RawKind.String => "a string",
        RawKind.Integer or RawKind.Number => $"the number {Text}",
        RawKind.Boolean => $"the boolean {Text}",
        RawKind.Null => "null",
        RawKind.Array => "an array",
        _ => "an object",
    };
}

/// <summary>A row of a task file as read, keyed by column name in file order, with the line it starts on.</summary>
internal sealed record RawRow(int Line, IReadOnlyList<KeyValuePair<string, RawValue>> Fields);
