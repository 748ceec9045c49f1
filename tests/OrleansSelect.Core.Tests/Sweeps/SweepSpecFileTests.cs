using OrleansSelect.Core.Sweeps;
using OrleansSelect.Core.Tests.Data;

namespace OrleansSelect.Core.Tests.Sweeps;

public class SweepSpecFileTests : IDisposable
{
    private static readonly string[] Known = ["bm25", "random"];
    private readonly TempFolder _folder = new();

    private string Write(string yaml)
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "targets", "yelp"));
        var path = Path.Combine(_folder.Path, "spec.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private const string Good = """
        name: tiny
        pool: toy
        targets: [targets/yelp]
        methods:
          random: []
          bm25:
        training_sizes: [test]
        fractions: [0.1, 0.5]
        seeds: [1]
        budget_per_run: 5e12
        """;

    [Fact]
    public void A_spec_reads_with_paths_from_its_own_folder()
    {
        var spec = SweepSpecFile.Read(Write(Good));
        spec.Validate(Known, "spec.yaml");

        Assert.Equal("tiny", spec.Name);
        Assert.Equal([Path.Combine(_folder.Path, "targets", "yelp")], spec.Targets);
        Assert.Equal(["bm25", "random"], spec.Methods.Keys.Order());
        Assert.Empty(spec.Methods["bm25"]);
        Assert.Equal([0.1, 0.5], spec.Fractions);
        Assert.Equal(5e12, spec.BudgetPerRun);
        Assert.Equal(4, new SweepGrid(spec).Count);
        Assert.Equal(SweepSpecFile.ToJson(spec), SweepSpecFile.ToJson(SweepSpecFile.FromJson(SweepSpecFile.ToJson(spec))));
    }

    [Theory]
    [InlineData("  random: []", "  perplexed: []", "names the unknown method 'perplexed'; known methods: bm25, random.")]
    [InlineData("training_sizes: [test]", "training_sizes: [huge]", "names the unknown training size 'huge'; known sizes are")]
    [InlineData("  bm25:", "  bm25: [gigantic]", "names the unknown selector size of bm25 'gigantic'")]
    [InlineData("seeds: [1]", "seeds: []", "is empty: it lists no seeds.")]
    [InlineData("targets: [targets/yelp]", "targets: []", "is empty: it lists no targets.")]
    [InlineData("targets: [targets/yelp]", "targets: [targets/nowhere]", "nowhere named in")]
    [InlineData("fractions: [0.1, 0.5]", "fractions: [0.1, 1.5]", "has the fraction 1.5; fractions must be in (0, 1].")]
    [InlineData("fractions: [0.1, 0.5]", "fractions: [0.1]\ntokens: [1000]", "needs exactly one of fractions and tokens, not both.")]
    [InlineData("fractions: [0.1, 0.5]", "fractions: []", "is empty: it lists no fractions or tokens.")]
    [InlineData("fractions: [0.1, 0.5]", "tokens: [1000, 0]", "has the token budget 0; token budgets must be whole numbers of tokens, at least 1.")]
    [InlineData("fractions: [0.1, 0.5]", "tokens: [2500.5]", "has the token budget 2500.5; token budgets must be whole numbers")]
    [InlineData("fractions: [0.1, 0.5]", "tokens: [-1e6]", "has the token budget -1000000; token budgets must be whole numbers")]
    [InlineData("fractions: [0.1, 0.5]", "tokens: [lots]", "cannot be read at line")]
    [InlineData("budget_per_run: 5e12", "total_budget: 5e12\nbudget_per_run: 5e12", "needs exactly one of budget_per_run and total_budget.")]
    [InlineData("budget_per_run: 5e12", "budget_per_run: -1", "needs a positive finite FLOP budget.")]
    [InlineData("name: tiny", "name: a/b", "needs a name of letters, digits")]
    [InlineData("seeds: [1]", "seeds: [one]", "cannot be read at line")]
    [InlineData("seeds: [1]", "sedes: [1]", "cannot be read at line")]
    public void Each_bad_spec_gets_one_sentence_naming_what_is_wrong(string replace, string with, string expected)
    {
        var path = Write(Good.Replace(replace, with));
        var error = Assert.Throws<UserInputException>(() => SweepSpecFile.Read(path).Validate(Known, path));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void Token_budgets_are_an_axis_in_place_of_fractions()
    {
        var spec = SweepSpecFile.Read(Write(Good.Replace("fractions: [0.1, 0.5]", "tokens: [2.5e5, 1000000, 4000]")));
        spec.Validate(Known, "spec.yaml");

        Assert.Empty(spec.Fractions);
        Assert.Equal([250_000.0, 1_000_000.0, 4_000.0], spec.Tokens);
        var runs = new SweepGrid(spec).All().ToArray();
        Assert.Equal(6, runs.Length); // 2 methods × 3 token budgets
        Assert.All(runs, r => Assert.Null(r.Fraction));
        Assert.Equal([250_000L, 1_000_000L, 4_000L], runs.Where(r => r.Method == "bm25").Select(r => r.Tokens!.Value));
        Assert.Equal("sweep/tiny/yelp/bm25/test/t250000/s1", runs[0].Key);
        Assert.Equal(spec.Tokens, SweepSpecFile.FromJson(SweepSpecFile.ToJson(spec)).Tokens);
    }

    [Fact]
    public void A_missing_spec_says_so()
    {
        var error = Assert.Throws<UserInputException>(() => SweepSpecFile.Read(Path.Combine(_folder.Path, "none.yaml")));
        Assert.EndsWith("none.yaml does not exist.", error.Message);
    }

    public void Dispose() => _folder.Dispose();
}
