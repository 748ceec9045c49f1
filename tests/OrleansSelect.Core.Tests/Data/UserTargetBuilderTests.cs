using OrleansSelect.Core;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Core.Data.UserData;

namespace OrleansSelect.Core.Tests.Data;

public class UserTargetBuilderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("user-target-").FullName;

    private string Write(string file, params (string Prompt, string Response)[] rows)
    {
        var path = Path.Combine(_dir, file);
        PoolJsonl.Write(path, rows.Select(r => ExampleIds.Create(r.Prompt, r.Response, "mine", "topic")));
        return path;
    }

    [Fact]
    public void Labels_are_found_from_the_test_set_and_the_folder_loads_back()
    {
        var reference = Write("ref.jsonl", ("Q: is tea hot?", " yes"), ("Q: is ice hot?", " no"));
        var test = Write("test.jsonl", ("Q: is fire hot?", " yes"), ("Q: is snow hot?", " no"), ("Q: is sun hot?", " yes"));
        var output = Path.Combine(_dir, "target");

        UserTargetBuilder.Build("hot", reference, test, output);
        var loaded = TargetTaskStore.Load(output);

        Assert.Equal("hot", loaded.Name);
        Assert.Equal([" no", " yes"], loaded.Labels);
        Assert.Equal(2, loaded.Reference.Count);
        Assert.Equal(3, loaded.Test.Count);
    }

    [Fact]
    public void Free_text_responses_make_a_target_without_labels()
    {
        var rows = Enumerable.Range(0, 30).Select(i => ($"Say {i}", $" number {i}")).ToArray();
        var reference = Write("ref.jsonl", rows[..5]);
        var test = Write("test.jsonl", rows[5..]);
        var task = UserTargetBuilder.Build("free", reference, test, Path.Combine(_dir, "t"));
        Assert.False(task.IsClassification);
    }

    [Fact]
    public void Overlapping_sets_missing_files_and_unknown_labels_are_refused_with_the_reason()
    {
        var reference = Write("ref.jsonl", ("Q: is tea hot?", " yes"));
        var test = Write("test.jsonl", ("q: IS tea hot", " yes"), ("Q: is snow hot?", " no"));
        var overlap = Assert.Throws<UserInputException>(() => UserTargetBuilder.Build("t", reference, test, Path.Combine(_dir, "a")));
        Assert.Contains("also appears in the test set", overlap.Message);

        // The same prompt with another answer is an overlap too, as for the built targets.
        var samePrompt = Write("ref2.jsonl", ("Q: is snow hot?", " yes"));
        var promptOverlap = Assert.Throws<UserInputException>(() => UserTargetBuilder.Build("t", samePrompt, test, Path.Combine(_dir, "a2")));
        Assert.Contains("also appears in the test set", promptOverlap.Message);

        var missing = Assert.Throws<UserInputException>(() => UserTargetBuilder.Build("t", Path.Combine(_dir, "nope.jsonl"), test, Path.Combine(_dir, "b")));
        Assert.Contains("nope.jsonl does not exist", missing.Message);

        var other = Write("other.jsonl", ("Q: is rain wet?", " maybe"));
        var label = Assert.Throws<UserInputException>(() => UserTargetBuilder.Build("t", other, Write("t2.jsonl", ("Q: is x?", " yes")), Path.Combine(_dir, "c"), [" yes", " no"]));
        Assert.Contains("' maybe'", label.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
