using System.Text;

namespace OrleansSelect.Core.Data;

/// <summary>
/// Normalises text for equality checks (leaks, duplicates): lower case, and every run of
/// characters that are not letters or digits becomes one space. "Great!!  Food." equals "great food".
/// No Unicode normalisation form is applied: the app runs with invariant globalization, where
/// that would depend on the machine's ICU, and the result must be the same everywhere.
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0) builder.Append(' ');
                pendingSpace = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingSpace = true;
            }
        }
        return builder.ToString();
    }
}
