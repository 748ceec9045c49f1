using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Build;

namespace OrleansSelect.Core.Tests.Data;

public class LeakAndSplitTests
{
    [Fact]
    public void Normalisation_ignores_case_punctuation_and_spacing_but_keeps_letters()
    {
        Assert.Equal("great food", TextNormalizer.Normalize("  Great!!  FOOD. "));
        Assert.Equal("it s café 2", TextNormalizer.Normalize("It’s CAFÉ—2"));
    }

    [Fact]
    public void The_pool_builder_drops_leaks_and_duplicates_and_sorts_by_id()
    {
        var target = SentimentFormat.Create("Great food.", true, "yelp");
        var leak = SentimentFormat.Create("great   FOOD!", true, "amazon");
        var relabelled = SentimentFormat.Create("Great food", false, "imdb");
        var keep = ExampleIds.Create("Define \"food\".", " something to eat", "wordnet", "wordnet_definition");
        var drops = new DropLog();

        var (pool, leaks) = PoolBuilder.Build("yelp", [keep, leak, relabelled, keep], new LeakFilter([target]), drops);

        Assert.Equal([keep], pool);
        Assert.Equal(2, leaks);
        Assert.Equal(1, drops.CountOf(DropReasons.Duplicate));
    }

    [Fact]
    public void Splits_are_balanced_disjoint_deterministic_and_skip_repeated_sentences()
    {
        var examples = Enumerable.Range(0, 30)
            .SelectMany(i => new[] { SentimentFormat.Create($"good {i}", true, "d"), SentimentFormat.Create($"bad {i}", false, "d") })
            .Append(SentimentFormat.Create("GOOD 3!", true, "d"))
            .ToList();

        var (reference, test) = TargetSplit.Split("d", examples, SentimentFormat.Labels, 6, 50, seed: 3);
        var again = TargetSplit.Split("d", examples, SentimentFormat.Labels, 6, 50, seed: 3);

        Assert.Equal(3, reference.Count(e => e.Response == SentimentFormat.Positive));
        Assert.Equal(25, test.Count(e => e.Response == SentimentFormat.Negative));
        var prompts = reference.Concat(test).Select(e => TextNormalizer.Normalize(e.Prompt)).ToList();
        Assert.Equal(prompts.Count, prompts.Distinct().Count());
        Assert.Equal(reference, again.Reference);
        Assert.Equal(test, again.Test);
    }

    [Fact]
    public void Seeded_order_depends_on_seed_and_ids_only()
    {
        var examples = Enumerable.Range(0, 20).Select(i => ExampleIds.Create($"p{i}", "", "s", "t")).ToList();
        var reversed = Enumerable.Reverse(examples).ToList();

        Assert.Equal(SeededOrder.Shuffle(examples, 5), SeededOrder.Shuffle(reversed, 5));
        Assert.NotEqual(SeededOrder.Shuffle(examples, 5), SeededOrder.Shuffle(examples, 6));
    }
}

public class PoolSamplerTests
{
    [Fact]
    public void A_sample_is_the_seeded_smallest_keys_in_id_order_and_repeats_exactly()
    {
        using var temp = new TempFolder();
        var examples = Enumerable.Range(0, 200).Select(i => ExampleIds.Create($"p{i}", $" r{i}", "s", "t")).ToList();
        var pool = temp.Combine("pool.jsonl");
        OrleansSelect.Core.Data.Jsonl.PoolJsonl.Write(pool, examples);

        var (count, _) = PoolSampler.Write(pool, temp.Combine("a.jsonl"), 25, seed: 9);
        PoolSampler.Write(pool, temp.Combine("b.jsonl"), 25, seed: 9);
        PoolSampler.Write(pool, temp.Combine("c.jsonl"), 25, seed: 10);

        var expected = SeededOrder.Shuffle(examples, 9).Take(25).OrderBy(e => e.Id, StringComparer.Ordinal);
        Assert.Equal(25, count);
        Assert.Equal(expected, OrleansSelect.Core.Data.Jsonl.PoolJsonl.Read(temp.Combine("a.jsonl")));
        Assert.Equal(File.ReadAllBytes(temp.Combine("a.jsonl")), File.ReadAllBytes(temp.Combine("b.jsonl")));
        Assert.NotEqual(File.ReadAllBytes(temp.Combine("a.jsonl")), File.ReadAllBytes(temp.Combine("c.jsonl")));
    }
}
