using OrleansSelect.Grains.Budget;

namespace OrleansSelect.Grains.Pool;

/// <summary>
/// Brings a shard's state from an older store up to date, once, when the shard is activated.
/// Stores written before column files kept every score, token count, statistic and example id
/// inline; stores written before the index file kept the files' references and the attempt
/// bookkeeping in the grain state. Scores move rather than being treated as not yet scored: they
/// were charged when computed, so scoring them again would charge the budget twice for one piece
/// of work. Example ids are dropped, as the shard's byte range gives them back.
/// </summary>
public static class ShardStateMigration
{
    public static bool IsOld(ShardState state) =>
        state.ExampleIds is not null || state.TokenCounts is not null || state.StatisticsJson is not null
        || state.Scores is not null || state.StatisticsFiles is not null || state.TokenCountFiles is not null
        || state.AttemptsStarted is not null || state.AttemptBudgets is not null;

    /// <summary>
    /// Writes the column files, returns the index that now holds them, and leaves only the new fields
    /// in <paramref name="state"/>; the caller writes the index file, then the state.
    /// </summary>
    public static ShardIndex MoveToIndex(ShardState state, ShardColumns columns, int exampleCount, string shardKey)
    {
        var index = new ShardIndex();
        foreach (var (key, computed) in state.Scores ?? [])
        {
            if (computed.Values is { } values)
            {
                // Inline scores of another length were never usable; the shard scores that key again, as a new attempt.
                if (values.Length == exampleCount)
                    computed.File = columns.WriteScores(key, values);
                computed.Values = null;
            }
            index.Scores[key] = computed;
        }
        foreach (var (size, file) in state.TokenCountFiles ?? [])
            index.TokenCountFiles[size] = file;
        foreach (var (size, counts) in state.TokenCounts ?? [])
            if (counts.Length == exampleCount)
                index.TokenCountFiles[size] = columns.WriteTokenCounts(size, counts);
        foreach (var (key, file) in state.StatisticsFiles ?? [])
            index.StatisticsFiles[key] = file;
        foreach (var (key, json) in state.StatisticsJson ?? [])
            index.StatisticsFiles[key] = columns.WriteStatistics(key, json);

        // Attempts were numbered per score key; now one number runs over the shard, starting past every
        // number used, so no new operation id repeats an old one. An old key's attempts that recorded no
        // scores are settled before the next attempt, as they would have been.
        foreach (var (key, started) in state.AttemptsStarted ?? [])
        {
            var workId = ScoreKey.WorkId(shardKey, key);
            var recorded = index.Scores.GetValueOrDefault(key)?.OperationId;
            var budget = state.AttemptBudgets?.GetValueOrDefault(key) ?? index.Scores.GetValueOrDefault(key)?.BudgetName ?? "";
            for (int attempt = 1; attempt <= started; attempt++)
            {
                var operationId = AttemptCharging.OperationId(workId, attempt);
                if (operationId != recorded && budget.Length > 0)
                    state.OpenAttempts.Add(new OpenAttempt(operationId, budget));
            }
            state.ScoringAttempts = Math.Max(state.ScoringAttempts, started);
        }

        state.Scores = null;
        state.TokenCountFiles = null;
        state.TokenCounts = null;
        state.StatisticsFiles = null;
        state.StatisticsJson = null;
        state.AttemptsStarted = null;
        state.AttemptBudgets = null;
        state.ExampleIds = null;
        return index;
    }
}
