namespace OrleansSelect.Core.Sweeps;

/// <summary>
/// The runs of a spec in a fixed order, addressed by index (mixed-radix over the grid's axes), so a
/// coordinator walks the grid without holding it: target, method and selector, training size,
/// data size (a fraction or a token budget), seed, the last varying fastest.
/// </summary>
public sealed class SweepGrid(SweepSpec spec)
{
    // A method without selector sizes is one column with an empty selector.
    private readonly (string Method, string Selector)[] _methods = spec.Methods
        .OrderBy(m => m.Key, StringComparer.Ordinal)
        .SelectMany(m => m.Value.Count == 0 ? [(m.Key, "")] : m.Value.Select(s => (m.Key, s)))
        .ToArray();

    // The spec has fractions or token budgets, never both: the data size axis is whichever it has.
    private readonly (double? Fraction, long? Tokens)[] _dataSizes = spec.Fractions.Count > 0
        ? spec.Fractions.Select(f => ((double?)f, (long?)null)).ToArray()
        : spec.Tokens.Select(t => ((double?)null, (long?)t)).ToArray();

    public long Count => (long)spec.Targets.Count * _methods.Length * spec.TrainingSizes.Count * _dataSizes.Length * spec.Seeds.Count;

    public SweepRun At(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        long rest = index;
        int seed = Digit(ref rest, spec.Seeds.Count);
        int data = Digit(ref rest, _dataSizes.Length);
        int size = Digit(ref rest, spec.TrainingSizes.Count);
        int method = Digit(ref rest, _methods.Length);
        int target = (int)rest;
        return new SweepRun(spec.Name, index, spec.Targets[target], _methods[method].Method, _methods[method].Selector,
            spec.TrainingSizes[size], _dataSizes[data].Fraction, _dataSizes[data].Tokens, spec.Seeds[seed]);
    }

    public IEnumerable<SweepRun> All()
    {
        for (long i = 0; i < Count; i++)
            yield return At(i);
    }

    private static int Digit(ref long rest, int radix)
    {
        int digit = (int)(rest % radix);
        rest /= radix;
        return digit;
    }
}
