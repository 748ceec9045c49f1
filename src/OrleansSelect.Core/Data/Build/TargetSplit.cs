namespace OrleansSelect.Core.Data.Build;

/// <summary>
/// Splits a labelled domain into a reference set and a disjoint test set, each balanced over the
/// labels and both chosen by a seeded order. Sentences that normalise alike count once, so no
/// reference sentence reappears in the test set in another spelling.
/// </summary>
public static class TargetSplit
{
    public static (IReadOnlyList<PoolExample> Reference, IReadOnlyList<PoolExample> Test) Split(
        string target, IReadOnlyList<PoolExample> examples, IReadOnlyList<string> labels,
        int referenceSize, int testSize, int seed)
    {
        if (referenceSize < labels.Count || testSize < labels.Count)
            throw new UserInputException(
                $"Reference size {referenceSize} and test size {testSize} must each be at least the {labels.Count} labels of target '{target}'.");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var byLabel = labels.ToDictionary(l => l, _ => new Queue<PoolExample>());
        foreach (var example in SeededOrder.Shuffle(examples, seed))
        {
            if (!byLabel.TryGetValue(example.Response, out var queue)) continue;
            if (!seen.Add(TextNormalizer.Normalize(example.Prompt))) continue;
            queue.Enqueue(example);
        }

        var reference = Take(target, byLabel, labels, referenceSize, "reference");
        var test = Take(target, byLabel, labels, testSize, "test");
        return (SeededOrder.Shuffle(reference, seed), SeededOrder.Shuffle(test, seed));
    }

    private static List<PoolExample> Take(string target, Dictionary<string, Queue<PoolExample>> byLabel,
        IReadOnlyList<string> labels, int size, string set)
    {
        var taken = new List<PoolExample>(size);
        for (var i = 0; i < labels.Count; i++)
        {
            // Balanced: equal shares, the first labels taking one more when size does not divide.
            var share = size / labels.Count + (i < size % labels.Count ? 1 : 0);
            var queue = byLabel[labels[i]];
            if (queue.Count < share)
                throw new UserInputException(
                    $"Target '{target}' has only {queue.Count} unused examples labelled '{labels[i].Trim()}', too few for a {set} set of {size}.");
            for (var j = 0; j < share; j++) taken.Add(queue.Dequeue());
        }
        return taken;
    }
}
