namespace OrleansSelect.Core.Selection.Export;

/// <summary>The formats a selection can be written in, chosen by the file's extension.</summary>
public enum SelectionFileFormat
{
    Jsonl,
    Parquet,
}
