using System.Text;

namespace OrleansSelect.Core.Analysis;

/// <summary>
/// The comma-separated format the analysis files use: a header line, one record a line, a field in
/// double quotes when it holds a comma, a quote or a line break (a quote inside doubled).
/// </summary>
public static class Csv
{
    public static string Join(IEnumerable<string> fields) => string.Join(',', fields.Select(Quote));

    public static IReadOnlyList<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }

    /// <summary>The header's column positions by lower-case name.</summary>
    public static Dictionary<string, int> Columns(string header)
    {
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var names = Split(header);
        for (int i = 0; i < names.Count; i++)
            columns.TryAdd(names[i].Trim(), i);
        return columns;
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
