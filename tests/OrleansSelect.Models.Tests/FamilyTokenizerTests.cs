using OrleansSelect.Core.Compute;
using OrleansSelect.Models.Tokenization;

namespace OrleansSelect.Models.Tests;

public class FamilyTokenizerTests
{
    [Fact]
    public void TheTestSizeIsByteLevelAndNeedsNoTrainedTokenizer() =>
        Assert.Same(ByteTokenizer.Instance, FamilyTokenizer.For(ModelCatalog.Get("test"), "/nonexistent"));

    [Fact]
    public void ABpeSizeWithoutATrainedTokenizerIsAUserErrorNamingTheFile()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"fam-{Guid.NewGuid():N}");
        var e = Assert.Throws<Core.UserInputException>(() => FamilyTokenizer.For(ModelCatalog.Get("nano"), dir));
        Assert.Contains(FamilyTokenizer.PathIn(dir), e.Message);
        Assert.Contains("model pretrain", e.Message);
    }

    [Fact]
    public void PretrainingTrainsTheTokenizerOnceAndEverySizeSharesIt()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"fam-{Guid.NewGuid():N}");
        var texts = Enumerable.Range(0, 200).Select(i => $"Review: the soup was lovely, the bread {i} was stale.").ToList();
        var hash = FamilyTokenizer.EnsureTrained(dir, texts);
        var written = File.GetLastWriteTimeUtc(FamilyTokenizer.PathIn(dir));
        Assert.Equal(hash, FamilyTokenizer.EnsureTrained(dir, ["other text entirely"]));
        Assert.Equal(written, File.GetLastWriteTimeUtc(FamilyTokenizer.PathIn(dir)));

        var nano = FamilyTokenizer.For(ModelCatalog.Get("nano"), dir);
        var large = FamilyTokenizer.For(ModelCatalog.Get("large"), dir);
        Assert.Equal(nano.Encode(texts[0]), large.Encode(texts[0]));
        Assert.Single(nano.Encode(" lovely"));
        Assert.InRange(nano.VocabSize, 258, ModelCatalog.BpeVocabSize);
        Directory.Delete(dir, true);
    }
}
