using OrleansSelect.Core.Data;

namespace OrleansSelect.Core.Tests.Data;

/// <summary>Repeated ids are found the same way whether they were checked in memory or in bucket files on disk.</summary>
public class UniqueIdsTests
{
    private static IEnumerable<string> Ids(int count) => Enumerable.Range(0, count).Select(i => $"example-{i * 7919 % 1_000_003}");

    [Theory]
    [InlineData(1_000_000, 8L << 20)] // all in memory, as a small pool is
    [InlineData(100, 8L << 20)]       // spilled to buckets
    [InlineData(100, 64L)]            // spilled, and every bucket split again
    public void The_first_repeat_in_file_order_is_named_with_both_lines(int inMemoryLimit, long maxBucketBytes)
    {
        var ids = Ids(5_000).ToList();
        ids.Insert(3_000, ids[2_500]); // line 3,001 repeats line 2,501
        ids.Insert(4_000, ids[10]);    // line 4,001 repeats line 11: a later second occurrence, not the one named
        using var check = new UniqueIds("pool.jsonl", inMemoryLimit: inMemoryLimit, maxBucketBytes: maxBucketBytes);

        var error = Assert.Throws<UserInputException>(() =>
        {
            for (int i = 0; i < ids.Count; i++)
                check.Add(ids[i], i + 1);
            check.Check();
        });

        Assert.Equal($"File 'pool.jsonl' repeats example id '{ids[2_500]}' on lines 2501 and 3001; every example needs its own id.", error.Message);
    }

    [Theory]
    [InlineData(1_000_000, 8L << 20)]
    [InlineData(100, 8L << 20)]
    [InlineData(100, 64L)]
    public void Distinct_ids_pass_and_leave_no_files(int inMemoryLimit, long maxBucketBytes)
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), "orleansselect-ids-*").ToHashSet();
        using (var check = new UniqueIds("pool.jsonl", inMemoryLimit: inMemoryLimit, maxBucketBytes: maxBucketBytes))
        {
            long line = 0;
            foreach (var id in Ids(20_000))
                check.Add(id, ++line);
            check.Check();
        }
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), "orleansselect-ids-*").Where(d => !before.Contains(d)));
    }

    [Fact]
    public void A_repeat_of_an_id_kept_in_memory_is_found_after_the_spill()
    {
        using var check = new UniqueIds("pool.jsonl", inMemoryLimit: 10);
        check.Add("early", 1);
        for (int i = 2; i <= 50; i++)
            check.Add($"id-{i}", i);
        check.Add("early", 51);

        var error = Assert.Throws<UserInputException>(check.Check);
        Assert.Contains("repeats example id 'early' on lines 1 and 51", error.Message);
    }
}
