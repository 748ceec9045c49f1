using System.Text;
using OrleansSelect.Models.Tokenization;

namespace OrleansSelect.Models.Tests;

public class BpeTokenizerTests
{
    private static readonly string[] Corpus =
        Enumerable.Range(0, 50).Select(i => $"the food was great and the staff were great {i}. Awful parking, though.").ToArray();

    [Fact]
    public void AFrequentWordBecomesOneTokenWithItsLeadingSpace()
    {
        var bpe = BpeTokenizer.Train(Corpus, 40);
        var great = bpe.Encode(" great");
        Assert.Single(great);
        Assert.Equal(6, bpe.ByteLength(great[0]));
        Assert.True(bpe.Encode(Corpus[0]).Length < Encoding.UTF8.GetByteCount(Corpus[0]) / 2);
    }

    [Theory]
    [InlineData("the food was great")]
    [InlineData("unseen wörds, ünïcode & 123 numbers\n\tand tabs")]
    public void TokensCoverTheTextsBytesExactly(string text)
    {
        var bpe = BpeTokenizer.Train(Corpus, 60);
        var tokens = bpe.Encode(text);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), tokens.Sum(bpe.ByteLength));
        Assert.All(tokens, t => Assert.InRange(t, 0, bpe.VocabSize - 1));
        Assert.DoesNotContain(bpe.BoundaryToken, tokens);
    }

    [Fact]
    public void PastItsCachedChunksATokenizerEncodesAsAFreshOneDoes()
    {
        // Letters only, so each word is one chunk of its own.
        static string Letters(int i) => i < 26 ? ((char)('a' + i)).ToString() : Letters(i / 26 - 1) + (char)('a' + i % 26);
        var words = Enumerable.Range(0, BpeTokenizer.CachedChunks + 5_000).Select(i => " great" + Letters(i)).ToList();
        var filled = BpeTokenizer.Train(Corpus, 40);
        foreach (var word in words)
            filled.Encode(word);
        Assert.Equal(BpeTokenizer.CachedChunks, filled.CachedChunkCount); // the corpus's chunks and the first words; no more
        // The first chunks are cached, the last ones are not: all encode as a tokenizer that never saw them.
        var fresh = new BpeTokenizer(filled.Merges);
        foreach (var word in words.Take(100).Concat(words.TakeLast(100)))
            Assert.Equal(fresh.Encode(word), filled.Encode(word));
        Assert.Equal(fresh.Encode(Corpus[3]), filled.Encode(Corpus[3]));
    }

    [Fact]
    public void TrainingIsDeterministicAndSurvivesSaveAndLoad()
    {
        var a = BpeTokenizer.Train(Corpus, 30);
        var b = BpeTokenizer.Train(Corpus.Reverse(), 30);
        Assert.Equal(a.Merges, b.Merges);
        var path = Path.Combine(Path.GetTempPath(), $"bpe-{Guid.NewGuid():N}.merges");
        a.Save(path);
        var loaded = BpeTokenizer.Load(path);
        Assert.Equal(a.VocabSize, loaded.VocabSize);
        Assert.Equal(a.Encode(Corpus[3]), loaded.Encode(Corpus[3]));
        File.Delete(path);
    }

    [Fact]
    public void ADamagedMergesFileIsAUserErrorNamingTheLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bpe-{Guid.NewGuid():N}.merges");
        File.WriteAllLines(path, ["116 104", "oops"]);
        var e = Assert.Throws<Core.UserInputException>(() => BpeTokenizer.Load(path));
        Assert.Contains("line 2", e.Message);
        File.Delete(path);
    }
}
