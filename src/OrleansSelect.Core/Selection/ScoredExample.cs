namespace OrleansSelect.Core.Selection;

/// <summary>One pool example's score and its training tokens: what a shard sends for merging.</summary>
public sealed record ScoredExample(string ExampleId, double Score, long Tokens);
