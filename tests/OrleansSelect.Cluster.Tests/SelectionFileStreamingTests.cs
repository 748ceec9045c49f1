using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Orleans.TestingHost;
using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Core.Selection;
using OrleansSelect.Grains.Selection;
using OrleansSelect.Models;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// A selection's candidates are a file of parts under the models folder, never the selection grain's
/// state or one message: training and export read it a part at a time, a damaged part is refused by
/// name, and a store from before selection files moves its inline candidates to a file.
/// </summary>
public class SelectionFileStreamingTests
{
    private const int PartRows = 7;

    [Fact]
    public async Task A_selection_file_streams_to_training_a_part_at_a_time_without_being_loaded_whole_and_holds_exactly_what_was_selected()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var database = folder.File("state.db");
        var cluster = await TestClusters.StartAsync(database, selectionPartRows: PartRows);
        try
        {
            var grains = cluster.GrainFactory;
            await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b").Create(1e14);
            var manifest = await grains.GetGrain<ISelectionGrain>("sel").Run(
                new SelectionRequest("toy", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "b", "none", "test"));

            // 30 selected in parts of 7: five part files and their index, and no id in the grain's state.
            Assert.Equal(30, manifest.SelectedCount);
            Assert.Equal(5, manifest.File.Parts);
            var selections = Path.Combine(folder.Path, "models", "selections");
            Assert.Equal(5, Directory.GetFiles(selections, "part-*.bin", SearchOption.AllDirectories).Length);
            Assert.Single(Directory.GetFiles(selections, "index-*.bin", SearchOption.AllDirectories));

            // The reader holds one part at a time: a batch never spans two parts, however large it may be.
            var batches = new List<IReadOnlyList<(SelectedCandidate Candidate, ExampleView Example)>>();
            await foreach (var batch in SelectedExampleBatches.ReadAsync(grains, manifest, batchSize: 1000))
                batches.Add(batch);
            Assert.Equal([7, 7, 7, 7, 2], batches.Select(b => b.Count));
            var streamed = batches.SelectMany(b => b).ToList();
            Assert.All(streamed, b => Assert.Equal(b.Candidate.ExampleId, b.Example.Id));
            var payload = SelectionStatePayload(database, "sel");
            Assert.All(streamed, b => Assert.DoesNotContain(b.Candidate.ExampleId, payload));

            // What was streamed is the exact selection, id for id in order, as one process computes it.
            var expected = SingleProcessSelection(poolPath, targetDirectory, 0.1);
            Assert.Equal(expected.Select(e => e.ExampleId), streamed.Select(b => b.Candidate.ExampleId));
            Assert.Equal(expected.Select(e => e.Score), streamed.Select(b => b.Candidate.Score), (a, b) => Math.Abs(a - b) < 1e-9);
            Assert.Equal(expected.Select(e => e.Tokens), streamed.Select(b => b.Candidate.Tokens));
            Assert.Equal(Enumerable.Range(1, 30), streamed.Select(b => b.Candidate.Rank));
            Assert.Equal(manifest.SelectedTokens, streamed.Sum(b => b.Candidate.Tokens));

            // Training reads the same parts: it trains on them, and a damaged part stops it with the file's name.
            var trained = await grains.GetGrain<ITrainerGrain>("run").Train(
                new TrainingRequest("sel", "test", null, targetDirectory, "b", MaxTrainFlops: 1e13, Epochs: 1, Seed: 3));
            Assert.True(trained.TrainTokens > 0);
            var lastPart = Directory.GetFiles(selections, "part-00004-*.bin", SearchOption.AllDirectories).Single();
            var bytes = File.ReadAllBytes(lastPart);
            bytes[bytes.Length / 2] ^= 0x08;
            File.WriteAllBytes(lastPart, bytes);
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => cluster.SiloGrains().GetGrain<ITrainerGrain>("run-damaged").Train(
                new TrainingRequest("sel", "test", null, targetDirectory, "b", MaxTrainFlops: 1e13, Epochs: 1, Seed: 3)));
            Assert.IsType<UserInputException>(refused);
            Assert.Contains(lastPart, refused.Message);
            Assert.Contains("checksum does not match", refused.Message);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task A_stored_manifest_with_its_candidates_inline_moves_them_to_a_selection_file_once()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var database = folder.File("state.db");
        var cluster = await TestClusters.StartAsync(database, selectionPartRows: PartRows);
        List<SelectedCandidate> selected;
        try
        {
            await PoolIngestion.IngestAsync(cluster.GrainFactory, "toy", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            await cluster.GrainFactory.GetGrain<IBudgetGrain>("b").Create(1e14);
            var manifest = await cluster.GrainFactory.GetGrain<ISelectionGrain>("old").Run(
                new SelectionRequest("toy", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "b", "none", "test"));
            selected = await cluster.GrainFactory.SelectedOf(manifest);
        }
        finally
        {
            await Stop(cluster);
        }

        // The state as stores before selection files held it: the manifest under "Manifest", its candidates inline.
        var state = JsonNode.Parse(SelectionStatePayload(database, "old"))!.AsObject();
        var old = state["Selection"]!.AsObject();
        state.Remove("Selection");
        old.Remove("File");
        old.Remove("SelectedCount");
        old["Selected"] = new JsonArray(selected.Select(c => (JsonNode?)new JsonObject
        {
            ["ExampleId"] = c.ExampleId, ["Score"] = c.Score, ["Tokens"] = c.Tokens, ["Shard"] = c.Shard,
        }).ToArray());
        state["Manifest"] = old;
        WriteSelectionState(database, "old", state.ToJsonString());
        Directory.Delete(Path.Combine(folder.Path, "models", "selections"), recursive: true);

        cluster = await TestClusters.StartAsync(database, selectionPartRows: PartRows);
        try
        {
            var migrated = (await cluster.GrainFactory.GetGrain<ISelectionGrain>("old").GetManifest())!;
            Assert.Equal((30, 5), (migrated.SelectedCount, migrated.File.Parts));
            Assert.Equal(selected, await cluster.GrainFactory.SelectedOf(migrated)); // ranks included
            var payload = SelectionStatePayload(database, "old");
            Assert.DoesNotContain("\"Selected\"", payload);
            Assert.DoesNotContain(selected[0].ExampleId, payload);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    /// <summary>One process, the whole pool as one shard: BM25 scores, test-tokenizer counts, the exact top fraction.</summary>
    private static IReadOnlyList<ScoredExample> SingleProcessSelection(string poolPath, string targetDirectory, double fraction)
    {
        ISelectionMethod bm25 = new Bm25Scorer();
        var target = TargetTaskStore.Load(targetDirectory);
        var examples = PoolJsonl.Read(poolPath).ToList();
        var global = bm25.MergeStatistics([bm25.CollectStatistics(examples, target, CancellationToken.None)]);
        var scores = bm25.Score(new ShardScoringInput(examples, target, null, global, 1, 1.0), new Progress<double>(), CancellationToken.None);
        var tokenizer = TokenCounting.TokenizerFor("test");
        var scored = examples.Zip(scores).Select(p => new ScoredExample(p.First.Id, p.Second, TokenCounting.CountTokens(tokenizer, p.First))).ToList();
        scored.Sort(RankOrder.Instance); // the merge takes each shard's list best first
        return GlobalTopKMerger.Merge([scored], SelectionCriterion.OfFraction(fraction), examples.Count).Selected;
    }

    private static string SelectionStatePayload(string database, string selectionId)
    {
        using var connection = new SqliteConnection(EmbeddedSilo.ConnectionStringFor(database));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Payload FROM GrainState WHERE StateName LIKE '%selection%' AND KeyExtension = $key";
        command.Parameters.AddWithValue("$key", selectionId);
        return System.Text.Encoding.UTF8.GetString((byte[])command.ExecuteScalar()!);
    }

    private static void WriteSelectionState(string database, string selectionId, string payload)
    {
        using var connection = new SqliteConnection(EmbeddedSilo.ConnectionStringFor(database));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE GrainState SET Payload = $payload WHERE StateName LIKE '%selection%' AND KeyExtension = $key";
        command.Parameters.AddWithValue("$payload", System.Text.Encoding.UTF8.GetBytes(payload));
        command.Parameters.AddWithValue("$key", selectionId);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private static async Task Stop(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }
}
