using System.Security.Cryptography;
using System.Text;
using OrleansSelect.Core.Data.Build;

namespace OrleansSelect.Core.Data;

/// <summary>
/// A target's identity for caches: SHA-256 over its manifest, reference and test files (each
/// file's name and length before its bytes). Editing a reference file in place changes it, so
/// scores and prepared artifacts made for the old content are never reused.
/// </summary>
public static class TargetContentHash
{
    public static string Of(string targetDirectory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in new[] { TargetManifest.FileName, TargetTaskStore.ReferenceFile, TargetTaskStore.TestFile })
        {
            var path = Path.Combine(targetDirectory, file);
            var bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
            hash.AppendData(Encoding.UTF8.GetBytes($"{file}\n{bytes.Length}\n"));
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
