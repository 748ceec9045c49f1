namespace OrleansSelect.Core.Sweeps;

/// <summary>
/// The runs of a spec in a fixed order, addressed by index (mixed-radix over the grid's axes), so a
/// coordinator walks the grid without holding it: target, method and selector, training size,
/// fraction, seed, the last varying fastest.
/// </summary>
public sealed class SweepGrid(SweepSpec spec)
{
    // A method without selector sizes is one column with an empty selector.
    private readonly (string Method, string Selector)[] _methods = spec.Methods
        .OrderBy(m => m.Key, StringComparer.Ordinal)
        .SelectMany(m => m.Value.Count == 0 ? [(m.Key, "")] : m.Value.Select(s => (m.Key, s)))
        .ToArray();

    public long Count => (long)spec.Targets.Count * _methods.Length * spec.TrainingSizes.Count * spec.Fractions.Count * spec.Seeds.Count;

    public SweepRun At(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        long rest = index;
        int seed = Digit(ref rest, spec.Seeds.Count);
        int fraction = Digit(ref rest, spec.Fractions.Count);
        int size = Digit(ref rest, spec.TrainingSizes.Count);
        int method = Digit(ref rest, _methods.Length);
        int target = (int)rest;
        return new SweepRun(spec.Name, index, spec.Targets[target], _methods[method].Method, _methods[method].Selector,
            spec.TrainingSizes[size], spec.Fractions[fraction], spec.Seeds[seed]);
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
