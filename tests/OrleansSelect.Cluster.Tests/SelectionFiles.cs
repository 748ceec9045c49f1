using System.Text.Json;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Core.Selection.Export;
using Parquet;
using Parquet.Schema;

namespace OrleansSelect.Cluster.Tests;

/// <summary>Reads a written selection file back, independently of the writers, and checks it against its manifest and pool.</summary>
public static class SelectionFiles
{
    public static List<SelectedExample> ReadJsonl(string path) =>
        File.ReadLines(path).Select(line =>
        {
            var o = JsonDocument.Parse(line).RootElement;
            Assert.Equal(["id", "prompt", "response", "source", "task", "score", "rank"], o.EnumerateObject().Select(p => p.Name));
            return new SelectedExample(o.GetProperty("id").GetString()!, o.GetProperty("prompt").GetString()!, o.GetProperty("response").GetString()!,
                o.GetProperty("source").GetString()!, o.GetProperty("task").GetString()!, o.GetProperty("score").GetDouble(), o.GetProperty("rank").GetInt32());
        }).ToList();

    /// <summary>The rows and how many row groups held them.</summary>
    public static async Task<(List<SelectedExample> Rows, int RowGroups)> ReadParquet(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name);
        var rows = new List<SelectedExample>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            async Task<string[]> Strings(string name)
            {
                var values = new string?[n];
                await group.ReadAsync(fields[name], values.AsMemory());
                return values.Select(v => v!).ToArray();
            }
            var ids = await Strings("id");
            var prompts = await Strings("prompt");
            var responses = await Strings("response");
            var sources = await Strings("source");
            var tasks = await Strings("task");
            var scores = new double[n];
            await group.ReadAsync<double>(fields["score"], scores.AsMemory());
            var ranks = new int[n];
            await group.ReadAsync<int>(fields["rank"], ranks.AsMemory());
            for (int i = 0; i < n; i++)
                rows.Add(new SelectedExample(ids[i], prompts[i], responses[i], sources[i], tasks[i], scores[i], ranks[i]));
        }
        return (rows, reader.RowGroupCount);
    }

    /// <summary>The file holds the selection's examples in its order, each with the pool's text, its score and its rank.</summary>
    public static void AssertMatches(IReadOnlyList<SelectedCandidate> selected, string poolPath, IReadOnlyList<SelectedExample> rows)
    {
        var pool = PoolJsonl.Read(poolPath).ToDictionary(e => e.Id);
        Assert.Equal(selected.Select(c => c.ExampleId), rows.Select(r => r.Id));
        Assert.Equal(selected.Select(c => c.Score), rows.Select(r => r.Score));
        // Today's manifests are in rank order, so the rank is the 1-based position, and the file's rank is the one the selection recorded.
        Assert.Equal(Enumerable.Range(1, selected.Count), rows.Select(r => r.Rank));
        Assert.Equal(selected.Select(c => c.Rank), rows.Select(r => r.Rank));
        foreach (var r in rows)
        {
            PoolExample e = pool[r.Id];
            Assert.Equal((e.Prompt, e.Response, e.Source, e.Task), (r.Prompt, r.Response, r.Source, r.Task));
        }
    }
}
