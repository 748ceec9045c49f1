using System.Globalization;

namespace OrleansSelect.Core.Analysis;

/// <summary>One line of a CSV file, read by column name, with errors that name the file, line and column.</summary>
public sealed class CsvRecord(string path, int lineNumber, IReadOnlyDictionary<string, int> columns, IReadOnlyList<string> fields)
{
    public string Text(string column) =>
        columns.TryGetValue(column, out var i) && i < fields.Count ? fields[i].Trim() : "";

    public double Number(string column)
    {
        var text = Text(column);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            return value;
        throw new UserInputException($"{path}:{lineNumber}: column '{column}' holds '{text}', which is not a number.");
    }

    public long Integer(string column)
    {
        var value = Number(column);
        if (value == Math.Floor(value) && Math.Abs(value) < 9e15)
            return (long)value;
        throw new UserInputException($"{path}:{lineNumber}: column '{column}' holds '{Text(column)}', which is not a whole number.");
    }

    /// <summary>Reads every record of a CSV file after checking that its header has the required columns.</summary>
    public static IReadOnlyList<CsvRecord> ReadAll(string path, IReadOnlyList<string> requiredColumns, string schemaName)
    {
        if (!File.Exists(path))
            throw new UserInputException($"The file {path} does not exist.");
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || string.IsNullOrWhiteSpace(lines[0]))
            throw new UserInputException($"{path} is empty; a {schemaName} CSV starts with a header line.");
        var columns = Csv.Columns(lines[0]);
        var missing = requiredColumns.Where(c => !columns.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
            throw new UserInputException($"{path} lacks the column(s) {string.Join(", ", missing)} of a {schemaName} CSV.");
        var records = new List<CsvRecord>();
        for (int i = 1; i < lines.Length; i++)
            if (!string.IsNullOrWhiteSpace(lines[i]))
                records.Add(new CsvRecord(path, i + 1, columns, Csv.Split(lines[i])));
        return records;
    }
}
