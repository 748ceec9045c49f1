using OrleansSelect.Core.Data.Build;
using OrleansSelect.Core.Data.Jsonl;

namespace OrleansSelect.Core.Data;

/// <summary>Loads a built target (target.json, reference.jsonl, test.jsonl) as a <see cref="TargetTask"/>.</summary>
public static class TargetTaskStore
{
    public const string ReferenceFile = "reference.jsonl";
    public const string TestFile = "test.jsonl";
    public const string PoolFile = "pool.jsonl";

    public static TargetTask Load(string targetDirectory)
    {
        var manifest = TargetManifest.Load(targetDirectory);
        return new TargetTask(manifest.Name,
            ReadRequired(targetDirectory, ReferenceFile),
            ReadRequired(targetDirectory, TestFile),
            manifest.Labels);
    }

    /// <summary>Writes the reference and test sets and the manifest (last, so its presence means complete).</summary>
    public static void Save(string targetDirectory, TargetTask task, TargetManifest manifest)
    {
        PoolJsonl.Write(Path.Combine(targetDirectory, ReferenceFile), task.Reference);
        PoolJsonl.Write(Path.Combine(targetDirectory, TestFile), task.Test);
        manifest.Save(targetDirectory);
    }

    private static List<PoolExample> ReadRequired(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
            throw new UserInputException($"Target folder '{directory}' has no {file}; run 'orleansselect data build' again.");
        var examples = PoolJsonl.Read(path).ToList();
        // An empty test set would evaluate to NaN, an empty reference set would score nothing.
        if (examples.Count == 0)
            throw new UserInputException($"the target's {path} holds no examples; a target needs reference and test examples");
        return examples;
    }
}
