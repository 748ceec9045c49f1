using OrleansSelect.Core.Data;

namespace OrleansSelect.Core.Scoring;

/// <summary>
/// What a scoring estimate is made from: the examples and their tokens under the selector's
/// tokenizer (counted once per shard and tokenizer), never bytes. <see cref="Texts"/> is there when
/// the examples themselves are at hand (on a shard), for a method that counts under its own
/// tokenizer; a plan made before scoring has only the counts. <see cref="Selector"/> is the model a
/// model-based method scores with (the tokens are then counted under its tokenizer).
/// </summary>
public sealed record ScoringWorkload(long Examples, long SelectorTokens, IReadOnlyList<PoolExample>? Texts = null, SelectorModel? Selector = null);
