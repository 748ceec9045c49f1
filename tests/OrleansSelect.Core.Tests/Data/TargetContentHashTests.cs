using OrleansSelect.Core.Data;

namespace OrleansSelect.Core.Tests.Data;

public class TargetContentHashTests
{
    [Fact]
    public void EditingAReferenceFileInPlaceChangesTheHashAndAFolderMoveDoesNot()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        foreach (var folder in new[] { a.Path, b.Path })
        {
            File.WriteAllText(Path.Combine(folder, "target.json"), "{}");
            File.WriteAllText(Path.Combine(folder, "reference.jsonl"), "one\n");
            File.WriteAllText(Path.Combine(folder, "test.jsonl"), "two\n");
        }
        var before = TargetContentHash.Of(a.Path);
        Assert.Equal(before, TargetContentHash.Of(b.Path));

        File.WriteAllText(Path.Combine(a.Path, "reference.jsonl"), "one edited\n");
        Assert.NotEqual(before, TargetContentHash.Of(a.Path));
    }
}
