using OrleansSelect.Core.Scoring.Dsir;

namespace OrleansSelect.Core.Tests.Scoring.Dsir;

public class DsirTests
{
    [Theory]
    // Published 64-bit FNV-1a test vectors.
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void HashIsFnv1a64(string text, ulong expected) => Assert.Equal(expected, HashedNgrams.Fnv1a(text));

    [Fact]
    public void FeaturesAreNormalisedUnigramsAndSpaceJoinedBigrams()
    {
        // Over 7 buckets: FNV-1a("the") % 7 = 5, "cat" → 2, "the cat" → 6, "sat" → 5, "cat sat" → 5.
        var features = new List<int>();
        HashedNgrams.ForEachFeature("The  CAT, sat!", 7, features.Add);
        Assert.Equal([5, 2, 6, 5, 5], features);
        Assert.Equal([5, 2, 6, 5, 5], Collect("the cat sat"));
        Assert.Equal(HashedNgrams.Fnv1a("the cat") % 7, (ulong)features[2]);
    }

    [Fact]
    public void LogWeightMatchesAHandComputation()
    {
        // Target "the cat sat": buckets 5,2,6,5,5 → counts b2 1, b5 3, b6 1; total 5.
        // Pool "the cat" + "a": the 5, cat 2, "the cat" 6, a 5 → counts b2 1, b5 2, b6 1; total 4.
        // Add-one (α = 1, easy by hand) over 7 buckets: p_t(b) = (c+1)/12, p_p(b) = (c+1)/11.
        // "cat sat" has features b2, b5, b5: ln((2/12)/(2/11)) + 2·ln((4/12)/(3/11)) = ln(11/12) + 2·ln(11/9).
        var target = NgramCounts.Of(["the cat sat"], buckets: 7);
        var pool = NgramCounts.Of(["the cat", "a"], buckets: 7);
        Assert.Equal([0L, 0, 1, 0, 0, 3, 1], target.Counts);
        Assert.Equal(5, target.Total);
        Assert.Equal([0L, 0, 1, 0, 0, 2, 1], pool.Counts);
        var importance = new DsirImportance(target, pool, pseudoCount: 1.0);
        Assert.Equal(Math.Log(11.0 / 12) + 2 * Math.Log(11.0 / 9), importance.LogWeight("Cat sat."), 12);
        Assert.Equal(Math.Log(1.0 / 12) - Math.Log(1.0 / 11), importance.LogRatio(0), 12);
    }

    [Fact]
    public void CountsSummedOverShardsEqualTheCountsOfTheWhole()
    {
        var texts = Pool().Select(p => p.Text).ToArray();
        var whole = NgramCounts.Of(texts, buckets: 97);
        var shards = texts.Chunk(7).Select(chunk => NgramCounts.Of(chunk, buckets: 97)).Reverse();
        var summed = NgramCounts.Sum(shards, buckets: 97);
        Assert.Equal(whole.Counts, summed.Counts);
        Assert.Equal(whole.Total, summed.Total);
        Assert.True(whole.Total > 0);
    }

    [Fact]
    public void OnTargetExamplesRankFirstByWeightAndByGumbelKey()
    {
        var pool = Pool();
        string[] reference =
        [
            "the pasta was delicious and the service was friendly", "great pizza, fresh bread and a lovely dessert",
            "the waiter was friendly and the salad fresh", "a lovely place with delicious pizza and great pasta",
            "fresh dessert and friendly service at this place",
        ];
        var importance = new DsirImportance(NgramCounts.Of(reference), NgramCounts.Sum(pool.Chunk(5).Select(s => NgramCounts.Of(s.Select(p => p.Text)))));
        var onTarget = pool.Count(p => p.OnTarget);

        var byWeight = pool.OrderByDescending(p => importance.LogWeight(p.Text)).Take(onTarget);
        Assert.All(byWeight, p => Assert.True(p.OnTarget, $"'{p.Text}' ranked among the top by weight"));

        var byKey = pool.OrderByDescending(p => GumbelKeys.Key(importance.LogWeight(p.Text), seed: 3, p.Id)).Take(onTarget);
        Assert.True(byKey.Count(p => p.OnTarget) >= onTarget - 1, "the Gumbel top-k should keep almost all on-target examples");
    }

    [Fact]
    public void GumbelKeysAreSeededAndReproducible()
    {
        var ids = Enumerable.Range(0, 200).Select(i => $"ex{i}").ToArray();
        var first = ids.Select(id => GumbelKeys.Key(1.5, seed: 7, id)).ToArray();
        var again = ids.Select(id => GumbelKeys.Key(1.5, seed: 7, id)).ToArray();
        var otherSeed = ids.Select(id => GumbelKeys.Key(1.5, seed: 8, id)).ToArray();
        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
        Assert.All(first, key => Assert.True(double.IsFinite(key)));
        // A standard Gumbel has mean γ ≈ 0.577: the noise is not a constant offset.
        Assert.InRange(first.Average() - 1.5, 0.3, 0.85);
        Assert.Equal(first[0] - 1.5, GumbelKeys.Noise(7, "ex0"), 12);
    }

    private static List<int> Collect(string text)
    {
        var features = new List<int>();
        HashedNgrams.ForEachFeature(text, 7, features.Add);
        return features;
    }

    private sealed record Example(string Id, string Text, bool OnTarget);

    /// <summary>Restaurant reviews (on target) among sports and weather reports.</summary>
    private static Example[] Pool()
    {
        string[] food =
        [
            "the pasta was delicious and the service friendly", "fresh bread and a lovely dessert at this place",
            "the pizza was delicious, the waiter friendly", "lovely dessert, great pasta, fresh salad",
            "the waiter brought fresh pizza and delicious bread", "great dessert and friendly service",
        ];
        string[] other =
        [
            "the striker scored twice in the second half", "rain is expected across the north tomorrow",
            "the goalkeeper saved a penalty in extra time", "strong winds and snow on the mountains tonight",
            "the coach praised the defence after the match", "temperatures will fall below freezing overnight",
            "the league title was decided on goal difference", "a cold front brings showers to the coast",
            "the referee sent off two players", "sunny spells with a chance of thunder later",
            "the team trained hard before the final", "fog will clear by midday in most places",
            "fans celebrated the late winner", "the forecast says heavy rain for the weekend",
        ];
        return [.. food.Select((t, i) => new Example($"food{i}", t, true)), .. other.Select((t, i) => new Example($"other{i}", t, false))];
    }
}
