using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Jsonl;

namespace OrleansSelect.Core.Tests.Data;

public class PoolRepeaterTests
{
    private static List<PoolExample> Examples(int count) =>
        Enumerable.Range(0, count).Select(i => ExampleIds.Create($"Prompt {i}", $" answer {i}", "s", "t")).ToList();

    [Fact]
    public void A_larger_pool_repeats_the_real_one_in_order_with_unique_salted_ids()
    {
        using var temp = new TempFolder();
        var source = temp.Combine("pool.jsonl");
        var real = Examples(7);
        PoolJsonl.Write(source, real);

        long bytes = PoolRepeater.Write(source, temp.Combine("big.jsonl"), 23);

        var big = PoolJsonl.Read(temp.Combine("big.jsonl")).ToList();
        Assert.Equal(23, big.Count);
        Assert.Equal(new FileInfo(temp.Combine("big.jsonl")).Length, bytes);
        Assert.Equal(23, big.Select(e => e.Id).Distinct().Count());
        for (int i = 0; i < big.Count; i++)
        {
            var original = real[i % real.Count];
            Assert.Equal(original with { Id = $"{original.Id}#r{i / real.Count}" }, big[i]);
        }
        // The ingest path accepts it: no repeated id.
        Assert.Equal(23, PoolJsonl.PlanShards(temp.Combine("big.jsonl"), 10).Sum(s => s.Count));
    }

    [Fact]
    public void A_smaller_pool_is_the_real_one_cut_short()
    {
        using var temp = new TempFolder();
        var source = temp.Combine("pool.jsonl");
        var real = Examples(10);
        PoolJsonl.Write(source, real);

        PoolRepeater.Write(source, temp.Combine("small.jsonl"), 4);

        Assert.Equal(real.Take(4).Select(e => e.Id + "#r0"), PoolJsonl.Read(temp.Combine("small.jsonl")).Select(e => e.Id));
    }

    [Fact]
    public void An_empty_source_or_a_size_below_one_is_refused()
    {
        using var temp = new TempFolder();
        var empty = temp.File("empty.jsonl", "");
        var error = Assert.Throws<UserInputException>(() => PoolRepeater.Write(empty, temp.Combine("out.jsonl"), 5));
        Assert.Contains("holds no examples", error.Message);
        Assert.False(File.Exists(temp.Combine("out.jsonl")));

        var source = temp.Combine("pool.jsonl");
        PoolJsonl.Write(source, Examples(3));
        Assert.Throws<UserInputException>(() => PoolRepeater.Write(source, temp.Combine("out.jsonl"), 0));
    }
}
