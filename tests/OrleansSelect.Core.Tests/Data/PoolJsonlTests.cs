using System.Text;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Jsonl;

namespace OrleansSelect.Core.Tests.Data;

public class PoolJsonlTests
{
    private static List<PoolExample> Examples(int count) =>
        Enumerable.Range(0, count)
            .Select(i => ExampleIds.Create($"Prompt {i}\n\"quoted\" é", $" answer {i}", i % 2 == 0 ? "a" : "b", "t"))
            .ToList();

    [Fact]
    public void Write_then_read_returns_the_same_examples_in_order()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("pool.jsonl");
        var examples = Examples(50);

        var (count, bytes) = PoolJsonl.Write(path, examples);

        Assert.Equal(50, count);
        Assert.Equal(new FileInfo(path).Length, bytes);
        Assert.Equal(examples, PoolJsonl.Read(path).ToList());
        Assert.Equal(50, File.ReadAllLines(path).Length);
        Assert.StartsWith("{\"id\":\"", File.ReadAllLines(path)[0]);
    }

    /// <summary>Examples of very different lengths (1 to 300 words), so a cut by lines would give shards of very different cost.</summary>
    private static List<PoolExample> UnevenExamples(int count)
    {
        var random = new Random(7);
        return Enumerable.Range(0, count)
            .Select(i => ExampleIds.Create(
                $"Prompt {i}: " + string.Join(' ', Enumerable.Range(0, random.Next(1, 300)).Select(w => $"word{w % 37}")),
                $" answer {i}.", "a", "t"))
            .ToList();
    }

    [Fact]
    public void Shards_hold_about_the_target_tokens_cover_the_file_at_line_starts_and_read_back_every_example_once()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("pool.jsonl");
        var examples = UnevenExamples(400);
        PoolJsonl.Write(path, examples);
        var estimates = examples.Select(TokenEstimate.Of).ToList();
        const long target = 10_000;

        var shards = PoolJsonl.PlanShards(path, target);

        // Each shard holds at most the target (no example here exceeds it alone), and closed only
        // because its next example would have passed it.
        var first = 0;
        for (var i = 0; i < shards.Count; i++)
        {
            Assert.Equal(estimates.Skip(first).Take(shards[i].Count).Sum(), shards[i].EstimatedTokens);
            Assert.True(shards[i].EstimatedTokens <= target);
            first += shards[i].Count;
            if (i < shards.Count - 1) Assert.True(shards[i].EstimatedTokens + estimates[first] > target);
        }
        Assert.Equal(examples.Count, first);
        // With examples up to a fifth of the target, every shard but the last is within 20% of it.
        Assert.True(estimates.Max() < target / 5);
        Assert.All(shards.SkipLast(1), s => Assert.InRange(s.EstimatedTokens, target * 4 / 5, target));
        // Cut by lines into as many shards, the same examples would give shards of much less even cost.
        var byLines = estimates.Chunk((int)Math.Ceiling(examples.Count / (double)shards.Count)).SkipLast(1).Select(c => c.Sum()).ToList();
        Assert.True(byLines.Max() / (double)byLines.Min() > 1.25, $"by lines {byLines.Min()} to {byLines.Max()}");

        Assert.Equal(0, shards[0].Start);
        Assert.Equal(new FileInfo(path).Length, shards[^1].End);
        for (var i = 1; i < shards.Count; i++) Assert.Equal(shards[i - 1].End, shards[i].Start);
        var read = shards.SelectMany(s => PoolJsonl.ReadRange(path, s.Start, s.End, s.Sha256)).ToList();
        Assert.Equal(examples, read.Select(r => r.Example));
        // Offsets and lengths point at exactly each line.
        var bytes = File.ReadAllBytes(path);
        var seventh = read[7];
        Assert.Equal((byte)'\n', bytes[seventh.Offset + seventh.Length - 1]);
        Assert.Equal((byte)'{', bytes[seventh.Offset]);
    }

    [Fact]
    public void An_example_longer_than_the_target_gets_a_shard_of_its_own()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("pool.jsonl");
        var examples = Examples(10); // single-digit numbers, so every one estimates alike
        var longOne = ExampleIds.Create(string.Join(' ', Enumerable.Repeat("a long prompt", 500)), " end", "a", "t");
        examples.Insert(7, longOne);
        PoolJsonl.Write(path, examples);
        var target = 4 * TokenEstimate.Of(examples[0]);
        Assert.True(TokenEstimate.Of(longOne) > target);

        var shards = PoolJsonl.PlanShards(path, target);

        var alone = Assert.Single(shards, s => s.EstimatedTokens > target);
        Assert.Equal(1, alone.Count);
        Assert.Equal(TokenEstimate.Of(longOne), alone.EstimatedTokens);
        Assert.Equal(longOne, Assert.Single(PoolJsonl.ReadRange(path, alone.Start, alone.End)).Example);
        // The shard before it closed early rather than take it; the one after starts afresh.
        Assert.Equal([4, 3, 1, 3], shards.Select(s => s.Count));
        Assert.Equal(examples.Count, shards.Sum(s => s.Count));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_non_positive_token_target_is_refused_in_one_sentence(long target)
    {
        using var temp = new TempFolder();
        var path = temp.Combine("pool.jsonl");
        PoolJsonl.Write(path, Examples(3));

        var error = Assert.Throws<UserInputException>(() => PoolJsonl.PlanShards(path, target));

        Assert.Equal($"Tokens per shard must be positive, not {target}.", error.Message);
    }

    [Fact]
    public void A_range_starting_inside_a_line_leaves_that_line_to_the_range_before()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("pool.jsonl");
        var examples = Examples(4);
        PoolJsonl.Write(path, examples);
        var secondLineStart = File.ReadAllBytes(path).AsSpan().IndexOf((byte)'\n') + 1;

        var fromMiddleOfFirst = PoolJsonl.ReadRange(path, 3, long.MaxValue).Select(r => r.Example).ToList();
        var uptoInsideSecond = PoolJsonl.ReadRange(path, 0, secondLineStart + 1).Select(r => r.Example).ToList();

        Assert.Equal(examples.Skip(1), fromMiddleOfFirst);
        Assert.Equal(examples.Take(2), uptoInsideSecond);
    }

    private static string BadFile(TempFolder temp)
    {
        var good = "{\"id\":\"1\",\"prompt\":\"p\",\"response\":\" r\",\"source\":\"s\",\"task\":\"t\"}";
        var lines = new List<byte[]>
        {
            Encoding.UTF8.GetBytes(good),                                                  // 1 ok
            Encoding.UTF8.GetBytes("{\"id\":\"2\",\"prompt\":"),                            // 2 malformed JSON
            Encoding.UTF8.GetBytes("{\"id\":\"3\",\"prompt\":\"").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray(), // 3 invalid UTF-8
            Encoding.UTF8.GetBytes("{\"id\":\"4\",\"prompt\":\"  \",\"response\":\"\",\"source\":\"s\",\"task\":\"t\"}"), // 4 empty text
            Encoding.UTF8.GetBytes("{\"id\":\"5\",\"prompt\":\"" + new string('x', 300) + "\",\"response\":\"\",\"source\":\"s\",\"task\":\"t\"}"), // 5 oversize
            Encoding.UTF8.GetBytes("{\"id\":\"6\",\"prompt\":\"p\",\"source\":\"s\",\"task\":\"t\"}"), // 6 missing response
            Encoding.UTF8.GetBytes("{\"id\":\"7\",\"prompt\":\"p\",\"response\":\" r\",\"source\":\"s\",\"task\":7}"), // 7 wrong type
            Encoding.UTF8.GetBytes(good.Replace("\"1\"", "\"8\"")),                        // 8 ok
        };
        var bytes = lines.SelectMany(l => l.Append((byte)'\n')).ToArray();
        return temp.Bytes("bad.jsonl", bytes);
    }

    [Fact]
    public void Bad_lines_are_counted_by_reason_with_file_and_line_when_not_strict()
    {
        using var temp = new TempFolder();
        var path = BadFile(temp);
        var drops = new DropLog();

        var read = PoolJsonl.Read(path, new ReadOptions { Strict = false, MaxRecordBytes = 200, Drops = drops, SourceName = "user" }).ToList();

        Assert.Equal(["1", "8"], read.Select(e => e.Id));
        Assert.Equal(6, drops.Total);
        var samples = drops.Entries.ToDictionary(e => e.Reason.Split(" (")[0], e => Assert.Single(e.Samples));
        Assert.Equal($"{path}:2", samples[DropReasons.MalformedJson]);
        Assert.Equal($"{path}:3", samples[DropReasons.InvalidUtf8]);
        Assert.Equal($"{path}:4", samples[DropReasons.EmptyText]);
        Assert.Equal($"{path}:5", samples[DropReasons.TooLarge]);
        Assert.Equal($"{path}:6", samples[DropReasons.MissingField("response")]);
        Assert.Equal($"{path}:7", samples[DropReasons.WrongType("task")]);
    }

    [Fact]
    public void Strict_reading_stops_at_the_first_bad_line_naming_file_and_line()
    {
        using var temp = new TempFolder();
        var path = BadFile(temp);

        var error = Assert.Throws<PoolFormatException>(() => PoolJsonl.Read(path).ToList());

        Assert.Equal(path, error.Path);
        Assert.Equal(2, error.Line);
        Assert.Equal(DropReasons.MalformedJson, error.Reason);
        Assert.StartsWith($"{path}:2: ", error.Message);
    }

    [Fact]
    public void Strict_range_reads_name_the_byte_offset_of_a_bad_line()
    {
        using var temp = new TempFolder();
        var path = BadFile(temp);
        var secondLine = File.ReadAllBytes(path).AsSpan().IndexOf((byte)'\n') + 1;

        var error = Assert.Throws<PoolFormatException>(() => PoolJsonl.ReadRange(path, secondLine, long.MaxValue).ToList());

        Assert.Contains($"byte offset {secondLine}", error.Reason);
    }

    [Fact]
    public void Missing_file_is_a_user_error_naming_it()
    {
        var error = Assert.Throws<UserInputException>(() => PoolJsonl.Read("/nonexistent/pool.jsonl").ToList());
        Assert.Contains("/nonexistent/pool.jsonl", error.Message);
    }

    [Fact]
    public void Content_hash_ids_depend_on_prompt_and_response_only()
    {
        var a = ExampleIds.For("ab", "c");
        Assert.Equal(a, ExampleIds.For("ab", "c"));
        Assert.NotEqual(a, ExampleIds.For("a", "bc"));
        Assert.Matches("^[0-9a-f]{32}$", a);
    }

    [Fact]
    public void Planning_shards_refuses_a_repeated_id_naming_it_and_both_lines()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("pool.jsonl");
        var examples = Examples(9);
        PoolJsonl.Write(path, examples.Append(examples[2]));

        var error = Assert.Throws<UserInputException>(() => PoolJsonl.PlanShards(path, 4));

        Assert.Equal($"File '{path}' repeats example id '{examples[2].Id}' on lines 3 and 10; every example needs its own id.", error.Message);
    }

    [Fact]
    public void A_shard_read_with_its_ingest_hash_passes_unchanged_and_refuses_an_edited_file()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("pool.jsonl");
        var examples = Examples(12);
        PoolJsonl.Write(path, examples);
        // Examples 0 to 9 estimate alike, so five of them fill a shard exactly.
        var shards = PoolJsonl.PlanShards(path, examples.Take(5).Sum(TokenEstimate.Of));
        Assert.Equal(3, shards.Select(s => s.Sha256).Distinct().Count());
        // For our files the hash is the SHA-256 of the shard's bytes.
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            bytes.AsSpan((int)shards[1].Start, (int)(shards[1].End - shards[1].Start)))), shards[1].Sha256);
        Assert.Equal(5, PoolJsonl.ReadRange(path, shards[1].Start, shards[1].End, shards[1].Sha256).Count());

        // The same bytes in the same places but for one character: another example under old offsets.
        var text = File.ReadAllText(path);
        var at = text.IndexOf("Prompt 7", StringComparison.Ordinal);
        File.WriteAllText(path, text[..at] + "Prompt 8" + text[(at + 8)..]);

        var error = Assert.Throws<UserInputException>(() =>
            PoolJsonl.ReadRange(path, shards[1].Start, shards[1].End, shards[1].Sha256).ToList());
        Assert.Equal($"Pool file '{path}' changed after it was ingested (bytes {shards[1].Start}-{shards[1].End} no longer hold " +
                     "the examples ingest saw); ingest the new file under a new name.", error.Message);
        Assert.Equal(5, PoolJsonl.ReadRange(path, shards[0].Start, shards[0].End, shards[0].Sha256).Count());
    }
}
