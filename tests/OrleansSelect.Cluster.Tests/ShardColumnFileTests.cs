using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Orleans.TestingHost;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Core.IO;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Workflows;
using Xunit.Abstractions;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// A shard's scores and token counts live in column files under the models folder, referenced from
/// its grain state: a damaged file is rescored (charged as a new attempt) or recounted, never
/// trusted; the state's size does not depend on the shard's size; old stores move to files uncharged.
/// </summary>
public class ShardColumnFileTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_truncated_bit_flipped_or_missing_score_file_is_rescored_with_a_warning_naming_it_and_charged_once_as_a_new_attempt()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.GrainFactory;
            await PoolIngestion.IngestAsync(grains, "damaged", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b-damaged").Create(1e14);
            var request = new SelectionRequest("damaged", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "b-damaged", "none", "test");
            var first = await grains.GetGrain<ISelectionGrain>("damaged-1").Run(request);
            var spentOnce = (await grains.GetGrain<IBudgetGrain>("b-damaged").GetStatus()).SpentFlops;
            Assert.Equal(first.SelectionFlops, spentOnce, precision: 3);

            var scoreFiles = ColumnFiles(folder, "scores-*.bin");
            var tokenFiles = ColumnFiles(folder, "tokens-*.bin");
            Assert.Equal(3, scoreFiles.Count);
            Assert.Equal(3, tokenFiles.Count);
            FlipBit(scoreFiles[0]);
            File.WriteAllBytes(scoreFiles[1], File.ReadAllBytes(scoreFiles[1])[..^10]);
            File.Delete(scoreFiles[2]);
            FlipBit(tokenFiles[0]);
            var statisticsFile = ColumnFiles(folder, "statistics-*.bin")[0];
            FlipBit(statisticsFile);

            var second = await grains.GetGrain<ISelectionGrain>("damaged-2").Run(request);

            Assert.Equal(0, second.ShardsFromCache);
            Assert.Equal(3, second.ShardsScored);
            Assert.Equal(await grains.SelectedOf(first), await grains.SelectedOf(second));
            var ledger = await grains.GetGrain<IBudgetGrain>("b-damaged").GetStatus();
            Assert.Equal(0, ledger.OpenReservations);
            // Every shard scored again, charged once more; recounting tokens and recollecting statistics are not charged.
            Assert.True(Math.Abs(2 * spentOnce - ledger.SpentFlops) <= 1e-9 * spentOnce, $"spent {ledger.SpentFlops:R}, expected {2 * spentOnce:R}");
            foreach (var (file, reason) in new[] { (scoreFiles[0], "checksum does not match"), (scoreFiles[1], "truncated"), (scoreFiles[2], "is missing") })
                Assert.Contains(CapturedWarnings.Containing(file), w => w.Contains(reason, StringComparison.Ordinal) && w.Contains("scoring", StringComparison.Ordinal));
            Assert.Contains(CapturedWarnings.Containing(tokenFiles[0]), w => w.Contains("counting its test tokens again", StringComparison.Ordinal));
            Assert.Contains(CapturedWarnings.Containing(statisticsFile), w => w.Contains("collecting bm25", StringComparison.Ordinal));

            // The files written again are trusted: a third selection is answered from them, and charged nothing.
            var third = await grains.GetGrain<ISelectionGrain>("damaged-3").Run(request);
            Assert.Equal(3, third.ShardsFromCache);
            Assert.Equal(await grains.SelectedOf(first), await grains.SelectedOf(third));
            Assert.Equal(ledger.SpentFlops, (await grains.GetGrain<IBudgetGrain>("b-damaged").GetStatus()).SpentFlops);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task A_lost_or_damaged_index_file_is_rebuilt_with_a_warning_naming_it_and_its_scorings_are_charged_once_as_new_attempts()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var database = folder.File("state.db");
        var cluster = await TestClusters.StartAsync(database);
        var request = new SelectionRequest("lost-index", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "b-lost-index", "none", "test");
        List<SelectedCandidate> first;
        double spentOnce;
        try
        {
            await PoolIngestion.IngestAsync(cluster.GrainFactory, "lost-index", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            await cluster.GrainFactory.GetGrain<IBudgetGrain>("b-lost-index").Create(1e14);
            first = await cluster.GrainFactory.SelectedOf(await cluster.GrainFactory.GetGrain<ISelectionGrain>("lost-index-1").Run(request));
            spentOnce = (await cluster.GrainFactory.GetGrain<IBudgetGrain>("b-lost-index").GetStatus()).SpentFlops;
        }
        finally
        {
            await Stop(cluster);
        }

        // Each shard keeps one index file: the ones it replaced are gone. Damage each a different way.
        var indexFiles = ColumnFiles(folder, "index-*.bin");
        Assert.Equal(3, indexFiles.Count);
        FlipBit(indexFiles[0]);
        File.WriteAllBytes(indexFiles[1], File.ReadAllBytes(indexFiles[1])[..^10]);
        File.Delete(indexFiles[2]);

        cluster = await TestClusters.StartAsync(database);
        try
        {
            var grains = cluster.GrainFactory;
            var second = await grains.GetGrain<ISelectionGrain>("lost-index-2").Run(request);
            Assert.Equal(0, second.ShardsFromCache);
            Assert.Equal(first, await grains.SelectedOf(second));
            var ledger = await grains.GetGrain<IBudgetGrain>("b-lost-index").GetStatus();
            Assert.Equal(0, ledger.OpenReservations);
            // New attempt numbers, so new operations: each shard charged once more, not refused as a repeat nor left uncharged.
            Assert.True(Math.Abs(2 * spentOnce - ledger.SpentFlops) <= 1e-9 * spentOnce, $"spent {ledger.SpentFlops:R}, expected {2 * spentOnce:R}");
            foreach (var (file, reason) in new[] { (indexFiles[0], "checksum does not match"), (indexFiles[1], "truncated"), (indexFiles[2], "is missing") })
                Assert.Contains(CapturedWarnings.Containing(file), w => w.Contains(reason, StringComparison.Ordinal) && w.Contains("computed again", StringComparison.Ordinal));

            var third = await grains.GetGrain<ISelectionGrain>("lost-index-3").Run(request);
            Assert.Equal(3, third.ShardsFromCache);
            Assert.Equal(ledger.SpentFlops, (await grains.GetGrain<IBudgetGrain>("b-lost-index").GetStatus()).SpentFlops);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task A_shards_grain_state_is_the_same_size_whatever_its_examples_and_however_many_scorings_it_keeps()
    {
        using var folder = new TempFolder();
        var small = TestData.Write(Directory.CreateDirectory(folder.File("small")).FullName);
        var large = TestData.Write(Directory.CreateDirectory(folder.File("large")).FullName, reviews: 300, unrelated: 1200);
        var database = folder.File("state.db");
        var cluster = await TestClusters.StartAsync(database);
        try
        {
            var grains = cluster.GrainFactory;
            var sizes = new Dictionary<string, (long One, long Ten)>();
            foreach (var (pool, (poolPath, targetDirectory)) in new[] { ("size-s", small), ("size-l", large) })
            {
                await PoolIngestion.IngestAsync(grains, pool, poolPath, tokensPerShard: 10_000 * TestData.TokensPerExample); // one shard
                await grains.GetGrain<IBudgetGrain>($"b-{pool}").Create(1e14);
                var request = new SelectionRequest(pool, "random", targetDirectory, new SelectionTarget(0.1, null), 1, $"b-{pool}", "none", "test");
                await grains.GetGrain<ISelectionGrain>($"{pool}-1").Run(request);
                long one = ShardStateBytes(database, $"{pool}/0");
                for (int seed = 2; seed <= 10; seed++)
                    Assert.Equal(0, (await grains.GetGrain<ISelectionGrain>($"{pool}-{seed}").Run(request with { Seed = seed })).ShardsFromCache);
                sizes[pool] = (one, ShardStateBytes(database, $"{pool}/0"));
                output.WriteLine($"{pool}: {(await grains.GetGrain<IPoolGrain>(pool).Get())!.ExampleCount} examples; shard state {one} bytes after 1 scoring, {sizes[pool].Ten} after 10");
            }

            // 300 or 1,500 examples, 1 scoring kept or 10: the same state (inline, 1,500 scores alone were ~30 kB;
            // with each scoring's record in the state, each added ~400 bytes), but for the digits of the
            // descriptor's byte range, of the attempt count, and of the last attempt's seed and number.
            foreach (var (one, ten) in sizes.Values)
                Assert.InRange(ten - one, 0, 3);
            Assert.InRange(sizes["size-l"].Ten - sizes["size-s"].Ten, -40, 40);
            // What the scorings left is in the shard's index file: ten score files.
            var store = new ColumnFileStore(Path.Combine(folder.Path, "models"));
            var state = JsonNode.Parse(ShardStatePayload(database, "size-l/0"))!;
            var index = ShardIndexOf(state, store);
            Assert.Equal(10, index.Scores.Count);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task A_store_written_with_inline_scores_moves_them_to_files_once_and_charges_nothing_again()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var database = folder.File("state.db");
        var cluster = await TestClusters.StartAsync(database);
        var request = new SelectionRequest("legacy", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "b-legacy", "none", "test");
        SelectionManifest first;
        double spent;
        try
        {
            await PoolIngestion.IngestAsync(cluster.GrainFactory, "legacy", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            await cluster.GrainFactory.GetGrain<IBudgetGrain>("b-legacy").Create(1e14);
            first = await cluster.GrainFactory.GetGrain<ISelectionGrain>("legacy-1").Run(request);
            spent = (await cluster.GrainFactory.GetGrain<IBudgetGrain>("b-legacy").GetStatus()).SpentFlops;
        }
        finally
        {
            await Stop(cluster);
        }

        // Rewrite every shard's stored state as the store before column files held it: values inline, no files.
        var store = new ColumnFileStore(Path.Combine(folder.Path, "models"));
        for (int shard = 0; shard < 3; shard++)
            RewriteAsInline(database, $"legacy/{shard}", store);
        Directory.Delete(Path.Combine(folder.Path, "models", "shard-columns"), recursive: true);
        Assert.All(Enumerable.Range(0, 3), shard => Assert.Contains("\"Values\":[", ShardStatePayload(database, $"legacy/{shard}")));
        Assert.Contains("\"StatisticsJson\":{\"bm25", ShardStatePayload(database, "legacy/0"));
        var inlineBytes = ShardStateBytes(database, "legacy/0");

        cluster = await TestClusters.StartAsync(database);
        try
        {
            var again = await cluster.GrainFactory.GetGrain<ISelectionGrain>("legacy-2").Run(request);
            Assert.Equal(3, again.ShardsFromCache);
            Assert.Equal(await cluster.GrainFactory.SelectedOf(first), await cluster.GrainFactory.SelectedOf(again));
            Assert.Equal(spent, (await cluster.GrainFactory.GetGrain<IBudgetGrain>("b-legacy").GetStatus()).SpentFlops);
            Assert.Equal(3, ColumnFiles(folder, "scores-*.bin").Count);
            Assert.Equal(3, ColumnFiles(folder, "statistics-*.bin").Count);
            Assert.All(Enumerable.Range(0, 3), shard =>
            {
                var payload = ShardStatePayload(database, $"legacy/{shard}");
                Assert.DoesNotContain("\"Values\"", payload);
                Assert.DoesNotContain("\"ExampleIds\"", payload);
                Assert.DoesNotContain("\"StatisticsJson\"", payload);
                Assert.DoesNotContain("\"Scores\"", payload);
                Assert.DoesNotContain("\"AttemptsStarted\"", payload);
            });
            output.WriteLine($"shard of 100 examples, one bm25 scoring: {inlineBytes} bytes of state inline, {ShardStateBytes(database, "legacy/0")} with column files");
        }
        finally
        {
            await Stop(cluster);
        }
    }

    private static List<string> ColumnFiles(TempFolder folder, string pattern) =>
        Directory.GetFiles(Path.Combine(folder.Path, "models", "shard-columns"), pattern, SearchOption.AllDirectories).Order().ToList();

    private static void FlipBit(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x04;
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Puts each score file's values, and the token counts, back inline as the old state had them, and drops the file references.</summary>
    private static void RewriteAsInline(string database, string shardKey, ColumnFileStore store)
    {
        var state = JsonNode.Parse(ShardStatePayload(database, shardKey))!.AsObject();
        var count = state["Descriptor"]!["ExampleCount"]!.GetValue<int>();
        var index = ShardIndexOf(state, store);
        // The oldest stores kept attempts per score key, the latest attempt's budget, and every value inline.
        var scores = new JsonObject();
        var attempts = new JsonObject();
        var budgets = new JsonObject();
        foreach (var (key, computed) in index.Scores)
        {
            var values = store.TryRead<double>(computed.File!, key, count, out var problem) ?? throw new InvalidOperationException(problem);
            scores[key] = new JsonObject
            {
                ["Flops"] = computed.Flops, ["BudgetName"] = computed.BudgetName, ["OperationId"] = computed.OperationId,
                ["Values"] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
            };
            attempts[key] = int.Parse(computed.OperationId[(computed.OperationId.LastIndexOf('#') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            budgets[key] = computed.BudgetName;
        }
        var counts = new JsonObject();
        foreach (var (size, file) in index.TokenCountFiles)
        {
            var values = store.TryRead<int>(file, $"tokens|{size}", count, out var problem) ?? throw new InvalidOperationException(problem);
            counts[size] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create((long)v)).ToArray());
        }
        var statistics = new JsonObject();
        foreach (var (key, file) in index.StatisticsFiles)
        {
            var bytes = store.TryRead<byte>(file, key, null, out var problem) ?? throw new InvalidOperationException(problem);
            statistics[key] = System.Text.Encoding.UTF8.GetString(bytes);
        }
        foreach (var field in new[] { "Index", "ScoringAttempts", "OpenAttempts" })
            state.Remove(field);
        state["Scores"] = scores;
        state["AttemptsStarted"] = attempts;
        state["AttemptBudgets"] = budgets;
        state["StatisticsJson"] = statistics;
        state["TokenCounts"] = counts;
        var d = state["Descriptor"]!;
        state["ExampleIds"] = new JsonArray(PoolJsonl.ReadRange(d["Path"]!.GetValue<string>(), d["StartByte"]!.GetValue<long>(), d["EndByte"]!.GetValue<long>())
            .Select(r => (JsonNode?)JsonValue.Create(r.Example.Id)).ToArray());
        Execute(database, "UPDATE GrainState SET Payload = $payload WHERE StateName LIKE '%shard%' AND KeyExtension = $key",
            ("$payload", System.Text.Encoding.UTF8.GetBytes(state.ToJsonString())), ("$key", shardKey));
    }

    private static ShardIndex ShardIndexOf(JsonNode state, ColumnFileStore store)
    {
        var file = state["Index"].Deserialize<ColumnFileRef>()!;
        var bytes = store.TryRead<byte>(file, "index", null, out var problem) ?? throw new InvalidOperationException(problem);
        return ShardIndex.FromUtf8(bytes);
    }

    private static long ShardStateBytes(string database, string shardKey) => System.Text.Encoding.UTF8.GetByteCount(ShardStatePayload(database, shardKey));

    private static string ShardStatePayload(string database, string shardKey)
    {
        using var connection = new SqliteConnection(EmbeddedSilo.ConnectionStringFor(database));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Payload FROM GrainState WHERE StateName LIKE '%shard%' AND KeyExtension = $key";
        command.Parameters.AddWithValue("$key", shardKey);
        return System.Text.Encoding.UTF8.GetString((byte[])command.ExecuteScalar()!);
    }

    private static void Execute(string database, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection(EmbeddedSilo.ConnectionStringFor(database));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private static async Task Stop(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }
}
