namespace OrleansSelect.Grains.Pool;

/// <summary>
/// Moves what stores written before column files kept inline (every score, token count, statistic
/// and example id in the grain state) into column files, once, when such a shard is activated. Scores move
/// rather than being treated as not yet scored: they were charged when computed, so scoring them
/// again would charge the budget twice for one piece of work. Example ids are dropped, as the
/// shard's byte range gives them back.
/// </summary>
public static class ShardStateMigration
{
    public static bool HasInlineColumns(ShardState state) =>
        state.ExampleIds is not null || state.TokenCounts is not null || state.StatisticsJson is not null
        || state.Scores.Values.Any(c => c.Values is not null);

    /// <summary>Writes the files and points the state at them; the caller then writes the state.</summary>
    public static void MoveToFiles(ShardState state, ShardColumns columns, int exampleCount)
    {
        foreach (var (key, computed) in state.Scores)
        {
            if (computed.Values is not { } values)
                continue;
            // Inline scores of another length were never usable; the shard scores that key again, as a new attempt.
            if (values.Length == exampleCount)
                computed.File = columns.WriteScores(key, values);
            computed.Values = null;
        }
        foreach (var (size, counts) in state.TokenCounts ?? [])
            if (counts.Length == exampleCount)
                state.TokenCountFiles[size] = columns.WriteTokenCounts(size, counts);
        state.TokenCounts = null;
        foreach (var (key, json) in state.StatisticsJson ?? [])
            state.StatisticsFiles[key] = columns.WriteStatistics(key, json);
        state.StatisticsJson = null;
        state.ExampleIds = null;
    }
}
