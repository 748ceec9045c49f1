using OrleansSelect.Core.Data.Build;
using OrleansSelect.Core.Selection;

namespace OrleansSelect.Core.Tests.Selection;

public class CurriculumOrderTests
{
    // Ranked best first: lowest perplexity first. Nine examples: thirds of three.
    private static readonly IReadOnlyList<ScoredExample> Ranked =
        Enumerable.Range(0, 9).Select(i => new ScoredExample($"e{i}", -i, 10)).ToList();

    [Fact]
    public void The_middle_third_comes_first_then_the_lowest_perplexity_then_the_highest()
    {
        var order = CurriculumOrder.MiddleLowHigh(Ranked, seed: 3).Select(e => e.ExampleId).ToList();

        Assert.Equal(["e3", "e4", "e5"], order.Take(3).Order());
        Assert.Equal(["e0", "e1", "e2"], order.Skip(3).Take(3).Order());
        Assert.Equal(["e6", "e7", "e8"], order.Skip(6).Order());
    }

    [Fact]
    public void Each_third_is_shuffled_by_the_seed_and_only_by_it()
    {
        var once = CurriculumOrder.MiddleLowHigh(Ranked, seed: 3);
        Assert.Equal(once, CurriculumOrder.MiddleLowHigh(Ranked, seed: 3));

        // Each third in the seeded order of its ids, whatever order the thirds came in.
        string[] Seeded(params string[] ids) => ids.OrderBy(id => SeededOrder.Key(3, id)).ToArray();
        Assert.Equal([.. Seeded("e3", "e4", "e5"), .. Seeded("e0", "e1", "e2"), .. Seeded("e6", "e7", "e8")], once.Select(e => e.ExampleId));
        var seeds = Enumerable.Range(0, 20).Select(s => string.Join(",", CurriculumOrder.MiddleLowHigh(Ranked, s).Select(e => e.ExampleId))).Distinct();
        Assert.True(seeds.Count() > 1);
    }

    [Fact]
    public void Thirds_of_a_count_not_divisible_by_three_are_cut_at_the_floors()
    {
        var ranked = Ranked.Take(7).ToList(); // thirds at 2 and 4: [e0 e1] [e2 e3] [e4 e5 e6]
        var order = CurriculumOrder.MiddleLowHigh(ranked, seed: 1).Select(e => e.ExampleId).ToList();
        Assert.Equal(["e2", "e3"], order.Take(2).Order());
        Assert.Equal(["e0", "e1"], order.Skip(2).Take(2).Order());
        Assert.Equal(["e4", "e5", "e6"], order.Skip(4).Order());
        Assert.Empty(CurriculumOrder.MiddleLowHigh([], seed: 1));
    }
}
