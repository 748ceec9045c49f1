using System.CommandLine;
using OrleansSelect.Core.Compute;
using OrleansSelect.Models;
using OrleansSelect.Models.Benchmarking;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>`bench model | memory | select | sweep | scale`: measurements of the model family, of selection, of a sweep's use of the cluster and of growing pools on this machine.</summary>
public static class BenchCommands
{
    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks of the model family, of selection, of sweeps and of growing pools");
        bench.Subcommands.Add(Model());
        bench.Subcommands.Add(Memory());
        bench.Subcommands.Add(BenchSelectCommand.Create());
        bench.Subcommands.Add(BenchSweepCommand.Create());
        bench.Subcommands.Add(BenchScaleCommand.Create());
        return bench;
    }

    private static Command Model()
    {
        var sizes = new Option<string>("--sizes") { Description = "Comma-separated sizes", DefaultValueFactory = _ => string.Join(",", ModelCatalog.ExperimentNames) };
        var seconds = new Option<double>("--seconds") { Description = "Seconds per measurement", DefaultValueFactory = _ => 3.0 };
        var command = new Command("model", "Matmul peaks, then tokens/s and model FLOP utilisation of scoring and training per size and precision");
        command.Options.Add(sizes);
        command.Options.Add(seconds);
        ModelCommands.AddComputeOptions(command);
        command.SetAction((ParseResult r) =>
        {
            var compute = ModelCommands.Compute(r);
            if (compute.Threads > 0) TorchSharp.torch.set_num_threads(compute.Threads);
            var names = r.GetValue(sizes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(n => ModelCatalog.Get(n).Name).ToList();
            var precisions = new[] { Precision.Fp32, Precision.Bf16 };
            var peaks = precisions.ToDictionary(p => p, p => ModelBenchmark.MeasureMatmulPeak(p, compute, seconds: r.GetValue(seconds)).FlopsPerSecond);
            foreach (var (p, f) in peaks) AnsiConsole.MarkupLineInterpolated($"matmul peak {PrecisionNames.Name(p)} (n=2048): {f / 1e9:F1} GFLOP/s");

            var table = new Table().AddColumns("size", "non-emb params", "precision", "forward tok/s", "forward MFU", "train tok/s", "train MFU", "vs fp32 (fwd / train)");
            foreach (var name in names)
            {
                ModelThroughput? fp32 = null;
                foreach (var p in precisions)
                {
                    var m = ModelBenchmark.MeasureModel(name, p, compute, seconds: r.GetValue(seconds));
                    fp32 ??= m;
                    table.AddRow(name, m.NonEmbeddingParameters.ToString("N0"), PrecisionNames.Name(p),
                        m.ForwardTokensPerSecond.ToString("N0"), m.ForwardUtilisation(peaks[p]).ToString("P0"),
                        m.TrainTokensPerSecond.ToString("N0"), m.TrainUtilisation(peaks[p]).ToString("P0"),
                        $"{m.ForwardTokensPerSecond / fp32.ForwardTokensPerSecond:F2}x / {m.TrainTokensPerSecond / fp32.TrainTokensPerSecond:F2}x");
                }
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Memory()
    {
        var size = new Option<string>("--size") { DefaultValueFactory = _ => "nano" };
        var steps = new Option<int>("--steps") { DefaultValueFactory = _ => 1000 };
        var command = new Command("memory", "Resident memory over many training steps (it must stay flat)");
        command.Options.Add(size);
        command.Options.Add(steps);
        ModelCommands.AddComputeOptions(command);
        command.SetAction((ParseResult r) =>
        {
            var trace = ModelBenchmark.MeasureMemory(ModelCatalog.Get(r.GetValue(size)!).Name, ModelCommands.Compute(r), r.GetValue(steps));
            var table = new Table().AddColumns("step", "resident MiB", "live tensors");
            foreach (var sample in trace.Samples)
                table.AddRow(sample.Step.ToString(), (sample.ResidentBytes / 1048576.0).ToString("F1"), sample.LiveTensors.ToString("N0"));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated(
                $"growth over {trace.Steps} steps after warm-up: {trace.Growth / 1048576.0:F1} MiB resident, {trace.LiveTensorGrowth} live tensors");
            return 0;
        });
        return command;
    }
}
