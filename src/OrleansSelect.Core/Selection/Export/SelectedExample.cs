namespace OrleansSelect.Core.Selection.Export;

/// <summary>One selected example as a selection file holds it: the example, its score and its 1-based rank.</summary>
public sealed record SelectedExample(string Id, string Prompt, string Response, string Source, string Task, double Score, int Rank);
