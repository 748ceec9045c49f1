using OrleansSelect.Core.Data.Build;
using OrleansSelect.Core.Data.Jsonl;

namespace OrleansSelect.Core.Data.UserData;

/// <summary>
/// Makes a target folder from a user's own reference and test files (OrleansSelect JSONL, e.g. from
/// `data import`). Labels are given, or found: when the test set's responses take only a few
/// distinct values and the reference set uses no others, the target is a classification task.
/// </summary>
public static class UserTargetBuilder
{
    /// <summary>More distinct responses than this and the target is treated as generation (bits per byte only).</summary>
    public const int MaxInferredLabels = 20;

    public static TargetTask Build(string name, string referencePath, string testPath, string outputDirectory, IReadOnlyList<string>? labels = null)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new UserInputException("a target needs a name");
        var reference = ReadNonEmpty(referencePath, "reference");
        var test = ReadNonEmpty(testPath, "test");

        // The rule the built targets follow: no shared normalised prompt or text.
        var overlap = reference.FirstOrDefault(new LeakFilter(test).Leaks);
        if (overlap is not null)
            throw new UserInputException($"reference example {overlap.Id} also appears in the test set {testPath}; the two must be disjoint");

        var chosen = labels ?? InferLabels(reference, test);
        var unknown = test.Concat(reference).FirstOrDefault(e => chosen.Count > 0 && !chosen.Contains(e.Response));
        if (unknown is not null)
            throw new UserInputException($"example {unknown.Id} has the response '{unknown.Response}', which is not one of the labels {string.Join(", ", chosen.Select(l => $"'{l}'"))}");

        var task = new TargetTask(name, reference, test, chosen);
        TargetTaskStore.Save(outputDirectory, task,
            new TargetManifest(name, test[0].Task, chosen, Seed: 0, reference.Count, test.Count, PoolCount: 0, PoolBytes: 0));
        return task;
    }

    public static IReadOnlyList<string> InferLabels(IReadOnlyList<PoolExample> reference, IReadOnlyList<PoolExample> test)
    {
        var distinct = test.Select(e => e.Response).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        bool classification = distinct.Count is > 1 and <= MaxInferredLabels && reference.All(e => distinct.Contains(e.Response));
        return classification ? distinct : [];
    }

    private static List<PoolExample> ReadNonEmpty(string path, string role)
    {
        if (!File.Exists(path))
            throw new UserInputException($"the {role} file {path} does not exist");
        var examples = PoolJsonl.Read(path).ToList();
        if (examples.Count == 0)
            throw new UserInputException($"the {role} file {path} holds no examples");
        return examples;
    }
}
