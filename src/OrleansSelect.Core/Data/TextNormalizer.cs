using System.Text;

namespace OrleansSelect.Core.Data;

/// <summary>
/// Normalises text for equality checks (leaks, duplicates): Unicode NFKC, lower case, every run of
/// characters that are not letters or digits becomes one space. "Great!!  Food." equals "great food".
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        foreach (var c in normalized)
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
