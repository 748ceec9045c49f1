using OrleansSelect.Core;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Models.Embedding;

namespace OrleansSelect.Models.Tests.Embedding;

public class EmbedMethodTests
{
    private static PoolExample Example(string id, string text) => new(id, text, "", "test", "test");

    private static readonly TargetTask Target = new("reviews",
        [Example("r0", "The food was delicious and the waiter was friendly."), Example("r1", "Terrible service, the soup was cold.")],
        Test: [], Labels: []);

    private static readonly List<PoolExample> Pool =
    [
        Example("p0", "The senate passed the budget bill on Tuesday."),
        Example("p1", "Our pasta was tasty and the staff were kind."),
        Example("p2", "A whale rose from the sea near the harbour."),
        Example("p3", "Rude staff and a dirty table, never again."),
        Example("p4", "Name the chemical element with the symbol Fe."),
    ];

    private static readonly EmbedMethod Embed = new(EmbedMethod.MiniLm);

    [Fact]
    public void RanksTheReviewsAboveTheUnrelatedExamples()
    {
        var (scores, _, _) = Run(Pool);
        var ranked = Pool.Zip(scores).OrderByDescending(p => p.Second).Select(p => p.First.Id).ToList();
        Assert.Equal(["p1", "p3"], ranked.Take(2).Order());
    }

    [Fact]
    public void AScoreIsTheMeanCosineToTheReferenceExamples()
    {
        var (scores, _, _) = Run(Pool);
        using var embedder = SentenceEmbedder.LoadMiniLm();
        var references = embedder.Embed(Target.Reference.Select(r => r.Text).ToList());
        var pool = embedder.Embed(Pool.Select(p => p.Text).ToList());
        for (var i = 0; i < Pool.Count; i++)
            Assert.Equal(references.Average(r => EmbeddingPooling.Cosine(pool[i], r)), scores[i], 1e-5);
    }

    [Fact]
    public void EstimatesAreTwoNPerTokenTheEmbedderComputesAndEqualTheFlopsReported()
    {
        var (_, prepareDone, scoringDone) = Run(Pool);
        using var embedder = SentenceEmbedder.LoadMiniLm();
        double prepare = Embed.EstimatePrepareFlops(Target, referenceTokens: 1, selector: null);
        double scoring = Embed.EstimateScoringFlops(new ScoringWorkload(Pool.Count, SelectorTokens: 1, Pool), Target);

        Assert.Equal(FlopModel.EmbeddingFlops(embedder.Parameters, embedder.ProcessedTokens(Target.Reference.Select(r => r.Text).ToList())), prepare);
        Assert.Equal(FlopModel.EmbeddingFlops(embedder.Parameters, embedder.ProcessedTokens(Pool.Select(p => p.Text).ToList())), scoring);
        Assert.Equal(prepare, prepareDone);
        Assert.Equal(scoring, scoringDone);
    }

    [Fact]
    public void AnUnknownEmbedderIsOneSentence()
    {
        var methods = new SelectionMethods([new RandomScorer(), Embed]);
        var error = Assert.Throws<UserInputException>(() => methods.Get("embed", "selector"));
        Assert.Equal("unknown embedder 'selector' for method 'embed'; known embedders: minilm.", error.Message);
        Assert.IsType<RandomScorer>(methods.Get("random", "selector")); // a method without an embedder ignores it
    }

    private static (IReadOnlyList<double> Scores, double PrepareFlops, double ScoringFlops) Run(List<PoolExample> pool)
    {
        ISelectionMethod method = Embed;
        var prepareDone = new LastValue();
        var artifact = PreparedArtifact.Of(method.Prepare(Target, new PrepareContext(Path.GetTempPath(), prepareDone, CancellationToken.None)));
        var estimate = method.EstimateScoringFlops(new ScoringWorkload(pool.Count, 1, pool), Target);
        var scoringDone = new LastValue();
        var scores = method.Score(new ShardScoringInput(pool, Target, artifact, null, Seed: 1, estimate), scoringDone, CancellationToken.None);
        return (scores, prepareDone.Value, scoringDone.Value);
    }

    /// <summary>Synchronous, unlike Progress&lt;T&gt;, so the last report is there when the work returns.</summary>
    private sealed class LastValue : IProgress<double>
    {
        public double Value { get; private set; }

        public void Report(double value) => Value = value;
    }
}
