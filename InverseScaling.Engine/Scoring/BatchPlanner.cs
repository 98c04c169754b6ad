namespace InverseScaling.Engine.Scoring;

/// <summary>
/// Cuts examples, sorted longest first, into the batches that cost least in all, by dynamic programming over the cut
/// points: a batch costs its padded positions (rows × its widest row, and in a KV scorer's class pass, examples × the
/// longest class inputs) plus a fixed <see cref="Limits.OverheadTokens"/>, within the per-batch limits.
/// </summary>
/// <remarks>
/// Why not fill each batch greedily: cut wherever the limit falls, a batch straddles several widths and pads its
/// shorter rows (10–15 % of a template task's tokens); cut only where the width changes, it runs many small passes,
/// each of which reads every weight of the model once. The cheapest plan weighs one against the other.
/// </remarks>
internal static class BatchPlanner
{
    /// <summary>One example's share of a batch: its rows in the first pass, their width, and its class inputs for a second pass (0: none).</summary>
    public readonly record struct Item(int Rows, int Width, int SecondPassInputs);

    /// <param name="Tokens">Most padded positions in a first pass (a batch of one example may exceed it).</param>
    /// <param name="Examples">Most examples in a batch.</param>
    /// <param name="FirstExamples">Most examples in the first batch, so that results show early.</param>
    /// <param name="Context">Most positions a class pass may see: its widest first-pass row plus its longest class inputs.</param>
    /// <param name="OverheadTokens">What a batch costs beyond its positions, in positions.</param>
    public readonly record struct Limits(int Tokens, int Examples, int FirstExamples, int Context, int OverheadTokens);

    /// <summary>The batches, in order, of <paramref name="sorted"/> (sorted by width, widest first), each value with its item.</summary>
    public static IEnumerable<List<T>> Cut<T>(IReadOnlyList<(T Value, Item Item)> sorted, Limits limits)
    {
        var next = 0;
        foreach (var size in Sizes([.. sorted.Select(s => s.Item)], limits))
        {
            var batch = new List<T>(size);
            for (var end = next + size; next < end; next++)
            {
                batch.Add(sorted[next].Value);
            }

            yield return batch;
        }
    }

    /// <summary>The batch sizes, in order, for <paramref name="items"/> sorted by width, widest first.</summary>
    public static List<int> Sizes(IReadOnlyList<Item> items, Limits limits)
    {
        var count = items.Count;
        var cost = new long[count + 1];
        var start = new int[count + 1];
        Array.Fill(cost, long.MaxValue);
        cost[0] = 0;
        for (var end = 1; end <= count; end++)
        {
            // Widening the batch [from, end) leftwards only grows its rows, width and class inputs: stop at the first limit.
            int rows = 0, inputs = 0;
            for (var from = end - 1; from >= 0; from--)
            {
                var size = end - from;
                var width = items[from].Width;
                rows += items[from].Rows;
                inputs = Math.Max(inputs, items[from].SecondPassInputs);
                if (size > 1 && (size > limits.Examples || rows * width > limits.Tokens || width + inputs > limits.Context))
                {
                    break;
                }

                if ((from > 0 || size <= Math.Max(1, limits.FirstExamples)) && cost[from] != long.MaxValue)
                {
                    var total = cost[from] + limits.OverheadTokens + ((long)rows * width) + ((long)size * inputs);
                    if (total < cost[end])
                    {
                        (cost[end], start[end]) = (total, from);
                    }
                }
            }
        }

        var sizes = new List<int>();
        for (var end = count; end > 0; end = start[end])
        {
            sizes.Add(end - start[end]);
        }

        sizes.Reverse();
        return sizes;
    }
}
