using System.Diagnostics.Metrics;
using OrleansSelect.Core.Budget;

namespace OrleansSelect.Grains.Telemetry;

/// <summary>
/// What OrleansSelect measures about itself, published on the meter <see cref="MeterName"/>: FLOPs
/// charged by category and method (the ledger's own figures), examples scored, tokens trained on.
/// The silo exports them for Prometheus when a metrics port is given.
/// </summary>
public static class SelectMetrics
{
    public const string MeterName = "OrleansSelect";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<double> FlopsCharged =
        Meter.CreateCounter<double>("orleansselect.flops.charged", description: "FLOPs committed to budgets");

    private static readonly Counter<long> ExamplesScored =
        Meter.CreateCounter<long>("orleansselect.examples.scored", description: "Pool examples scored (cached scores not counted)");

    private static readonly Counter<long> TokensTrained =
        Meter.CreateCounter<long>("orleansselect.training.tokens", description: "Tokens processed by finetuning runs");

    public static void Charged(LedgerOperation operation) =>
        FlopsCharged.Add(operation.SpentFlops,
            new KeyValuePair<string, object?>("category", operation.Category.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("method", operation.Method));

    public static void Scored(string method, int examples) =>
        ExamplesScored.Add(examples, new KeyValuePair<string, object?>("method", method));

    public static void Trained(string size, long tokens) =>
        TokensTrained.Add(tokens, new KeyValuePair<string, object?>("size", size));
}
