namespace OrleansSelect.Core.Data;

/// <summary>
/// One instruction example: the unit that pools, target reference sets and test sets are made of.
/// <see cref="Id"/> is a content hash, so the same text always has the same id.
/// </summary>
public sealed record PoolExample(string Id, string Prompt, string Response, string Source, string Task)
{
    /// <summary>The text a model sees when it trains on or is scored against this example.</summary>
    public string Text => Prompt + Response;
}
