using System.Globalization;
using OrleansSelect.Core.Compute;

namespace OrleansSelect.Core.Sweeps;

/// <summary>
/// A sweep: every combination of target × method (× selector size, for a method that scores with
/// a model) × training size × data size × seed is one run. The data size axis is either
/// <see cref="Fractions"/> of the pool's examples or <see cref="Tokens"/>, budgets of top-ranked
/// training tokens (the paper's "token budgets"), never both. Each run has its own budget:
/// <see cref="BudgetPerRun"/>, or <see cref="TotalBudget"/> split evenly over the runs.
/// <see cref="Methods"/> maps a method name to its selector sizes (empty: the method has no selector model).
/// </summary>
public sealed record SweepSpec
{
    public string Name { get; init; } = "";

    /// <summary>The ingested pool's name.</summary>
    public string Pool { get; init; } = "";

    /// <summary>A JSONL file to ingest as <see cref="Pool"/> first (optional; ingesting again is a no-op).</summary>
    public string? PoolFile { get; init; }

    /// <summary>Built target folders (absolute once <see cref="SweepSpecFile"/> has read the spec).</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Methods { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyList<string> TrainingSizes { get; init; } = [];

    public IReadOnlyList<double> Fractions { get; init; } = [];

    /// <summary>Token budgets as written (so 1e6 reads); <see cref="Validate"/> checks each is a positive whole number.</summary>
    public IReadOnlyList<double> Tokens { get; init; } = [];

    public IReadOnlyList<int> Seeds { get; init; } = [];

    public double? BudgetPerRun { get; init; }

    public double? TotalBudget { get; init; }

    public int Epochs { get; init; } = 1;

    /// <summary>A base checkpoint every run finetunes from (none: random weights).</summary>
    public string? BaseCheckpoint { get; init; }

    /// <summary>Runs in flight at once (default: twice the cluster's silos).</summary>
    public int? Concurrency { get; init; }

    /// <summary>The FLOPs one run may spend.</summary>
    public double RunBudget(int runCount) => BudgetPerRun ?? TotalBudget!.Value / runCount;

    /// <summary>Rejects every bad value with one sentence naming it, before anything runs or is reserved.</summary>
    public void Validate(IReadOnlyCollection<string> knownMethods, string source)
    {
        if (Name.Length == 0 || Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new UserInputException($"The sweep spec {source} needs a name of letters, digits, '-', '_' or '.', got '{Name}'.");
        if (Pool.Length == 0)
            throw new UserInputException($"The sweep spec {source} names no pool (pool: the name of an ingested pool).");
        if (PoolFile is { } poolFile && !File.Exists(poolFile))
            throw new UserInputException($"The pool file {poolFile} named in {source} does not exist.");
        Empty(Targets.Count, "targets", source);
        Empty(Methods.Count, "methods", source);
        Empty(TrainingSizes.Count, "training sizes", source);
        if (Fractions.Count > 0 && Tokens.Count > 0)
            throw new UserInputException($"The sweep spec {source} needs exactly one of fractions and tokens, not both.");
        Empty(Fractions.Count + Tokens.Count, "fractions or tokens", source);
        Empty(Seeds.Count, "seeds", source);
        foreach (var target in Targets)
            if (!Directory.Exists(target))
                throw new UserInputException($"The target folder {target} named in {source} does not exist.");
        var targetNames = Targets.Select(TargetName).ToArray();
        if (targetNames.Distinct().Count() != targetNames.Length)
            throw new UserInputException($"Two targets in {source} have the same folder name; runs are keyed by it, so rename one.");
        foreach (var (method, selectors) in Methods)
        {
            if (!knownMethods.Contains(method, StringComparer.OrdinalIgnoreCase))
                throw new UserInputException($"The sweep spec {source} names the unknown method '{method}'; known methods: {string.Join(", ", knownMethods)}.");
            foreach (var selector in selectors)
                Size(selector, $"selector size of {method}", source);
        }
        foreach (var size in TrainingSizes)
            Size(size, "training size", source);
        foreach (var fraction in Fractions)
            if (!(fraction > 0 && fraction <= 1))
                throw new UserInputException($"The sweep spec {source} has the fraction {fraction.ToString(CultureInfo.InvariantCulture)}; fractions must be in (0, 1].");
        foreach (var tokens in Tokens)
            if (!(tokens >= 1 && tokens == Math.Floor(tokens) && tokens <= long.MaxValue / 2))
                throw new UserInputException($"The sweep spec {source} has the token budget {tokens.ToString(CultureInfo.InvariantCulture)}; token budgets must be whole numbers of tokens, at least 1.");
        if (BudgetPerRun is null == TotalBudget is null)
            throw new UserInputException($"The sweep spec {source} needs exactly one of budget_per_run and total_budget.");
        double budget = BudgetPerRun ?? TotalBudget!.Value;
        if (!(budget > 0 && double.IsFinite(budget)))
            throw new UserInputException($"The sweep spec {source} needs a positive finite FLOP budget.");
        if (Epochs < 1)
            throw new UserInputException($"The sweep spec {source} has epochs {Epochs}; it must be at least 1.");
        if (Concurrency is < 1)
            throw new UserInputException($"The sweep spec {source} has concurrency {Concurrency}; it must be at least 1.");
    }

    /// <summary>A target's name in run keys: its folder's name.</summary>
    public static string TargetName(string targetDirectory) => Path.GetFileName(Path.TrimEndingDirectorySeparator(targetDirectory));

    private static void Empty(int count, string what, string source)
    {
        if (count == 0)
            throw new UserInputException($"The sweep grid of {source} is empty: it lists no {what}.");
    }

    private static void Size(string size, string what, string source)
    {
        if (!ModelCatalog.Contains(size))
            throw new UserInputException($"The sweep spec {source} names the unknown {what} '{size}'; known sizes are {string.Join(", ", ModelCatalog.Names)}.");
    }
}
