using System.CommandLine;
using OrleansSelect.Core;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Build;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Models;
using OrleansSelect.Models.Pretraining;
using OrleansSelect.Models.Tokenization;
using OrleansSelect.Models.Training;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>`model list | pretrain | finetune`: the TorchSharp model family from the command line.</summary>
public static class ModelCommands
{
    private static readonly Option<string> Models = new("--models")
    {
        Description = "Folder of model checkpoints",
        DefaultValueFactory = _ => AppPaths.DefaultModelDirectory,
    };

    private static readonly Option<string> Precision = new("--precision")
    {
        Description = "auto (bf16 where the CPU has AVX512_BF16), fp32, bf16 (mixed, fp32 master weights) or pure-bf16",
        DefaultValueFactory = _ => "auto",
    };

    private static readonly Option<string> Device = new("--device")
    {
        Description = "Torch device: cpu, cuda, cuda:N",
        DefaultValueFactory = _ => "cpu",
    };

    private static readonly Option<int> Threads = new Option<int>("--threads")
    {
        Description = "Torch intra-op threads (0 = all cores)",
        DefaultValueFactory = _ => 0,
    }.ZeroOrMore();

    public static Command Create()
    {
        var model = new Command("model", "Pretrain, finetune and evaluate the model family");
        model.Subcommands.Add(List());
        model.Subcommands.Add(Pretrain());
        model.Subcommands.Add(Finetune());
        return model;
    }

    internal static ComputeOptions Compute(ParseResult r)
    {
        // Counting, finetuning and evaluation find the family's BPE where pretraining put it.
        if (r.GetResult(Models) is not null) FamilyTokenizer.ModelsDirectory = r.GetValue(Models)!;
        return new(r.GetValue(Device)!, PrecisionNames.Parse(r.GetValue(Precision)!), r.GetValue(Threads));
    }

    internal static void AddComputeOptions(Command command)
    {
        command.Options.Add(Precision);
        command.Options.Add(Device);
        command.Options.Add(Threads);
    }

    private static Command List()
    {
        var command = new Command("list", "List the model sizes and their pretrained checkpoints");
        command.Options.Add(Models);
        command.SetAction((ParseResult r) =>
        {
            var table = new Table().AddColumns("size", "layers", "d_model", "heads", "context", "non-emb params", "pretrained", "val bits/byte");
            foreach (var name in ModelCatalog.Names)
            {
                var s = ModelCatalog.Get(name);
                var p = Pretrainer.Find(r.GetValue(Models)!, name);
                table.AddRow(name, s.Layers.ToString(), s.DModel.ToString(), s.Heads.ToString(), s.ContextLength.ToString(),
                    s.NonEmbeddingParameters.ToString("N0"), p is null ? "-" : $"{p.Tokens:N0} tokens, {p.Precision}", p is null ? "-" : p.ValidationBitsPerByte.ToString("F3"));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Pretrain()
    {
        var size = new Option<string>("--size") { Description = $"Model size ({string.Join(", ", ModelCatalog.Names)}) or 'all'", Required = true };
        var tokens = new Option<long>("--tokens") { Description = "Training tokens (0 = the size's default recipe)", DefaultValueFactory = _ => 0 }.ZeroOrMore();
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
        var command = new Command("pretrain", "Pretrain base checkpoints on the general (non-sentiment) pool text; cached by content hash");
        command.Options.Add(size);
        command.Options.Add(tokens);
        command.Options.Add(seed);
        command.Options.Add(Models);
        AddComputeOptions(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var sizeArg = r.GetValue(size)!;
            var sizes = sizeArg == "all" ? ModelCatalog.ExperimentNames : [ModelCatalog.Get(sizeArg).Name];
            var compute = Compute(r);
            var corpus = PretrainingCorpus.FromDataDirectory(r.GetValue(CommonOptions.Data)!);
            AnsiConsole.MarkupLineInterpolated($"general corpus: {corpus.Train.Count:N0} texts, {corpus.Bytes:N0} bytes; held out {corpus.Validation.Count:N0}");
            var table = new Table().AddColumns("size", "non-emb params", "tokens", "precision", "wall", "final loss", "val bits/byte", "checkpoint");
            foreach (var name in sizes)
            {
                var recipe = PretrainingRecipe.For(name) with { Seed = r.GetValue(seed) };
                if (r.GetValue(tokens) > 0) recipe = recipe with { Tokens = r.GetValue(tokens) };
                var result = await TrainingProgressBar.RunAsync($"pretrain {name}",
                    progress => Pretrainer.Run(name, r.GetValue(Models)!, corpus, recipe, compute, progress, ct));
                table.AddRow(name, result.NonEmbeddingParameters.ToString("N0"), result.Tokens.ToString("N0"), result.Precision,
                    result.FromCache ? "cached" : TimeSpan.FromSeconds(result.WallSeconds).ToString(@"h\:mm\:ss"),
                    result.FinalLoss.ToString("F3"), result.ValidationBitsPerByte.ToString("F3"), Markup.Escape(result.CheckpointPath));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Finetune()
    {
        var size = new Option<string>("--size") { Description = "Model size", Required = true };
        var target = new Option<string>("--target") { Description = "Target domain (yelp, amazon, imdb)", DefaultValueFactory = _ => "yelp" };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => TargetFinetuner.DefaultEpochs }.Positive();
        var lora = new Option<int>("--lora") { Description = "LoRA rank (0 = full finetune)", DefaultValueFactory = _ => 0 }.ZeroOrMore();
        var lr = new Option<double>("--lr") { Description = "Peak learning rate (0 = default for the mode)", DefaultValueFactory = _ => 0 }.ZeroOrMore();
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
        var scratch = new Option<bool>("--scratch") { Description = "Start from random weights instead of the pretrained base" };
        var responseOnly = new Option<bool>("--response-only") { Description = "Learn only the responses (prompts are inputs, not targets)" };
        var responseWeight = new Option<double>("--response-weight") { Description = "Loss weight of response tokens against 1 for prompt tokens", DefaultValueFactory = _ => TargetFinetuner.DefaultResponseLossWeight }.ZeroOrMore();
        var batch = new Option<int>("--batch") { Description = "Batch size in rows of the context length", DefaultValueFactory = _ => TargetFinetuner.DefaultBatchSize }.Positive();
        var command = new Command("finetune",
            "Finetune a size on the target's sentiment pool examples (the other domains) and evaluate on the target's test set");
        foreach (var o in new Option[] { size, target, epochs, lora, lr, seed, scratch, responseOnly, responseWeight, batch, Models }) command.Options.Add(o);
        AddComputeOptions(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var name = ModelCatalog.Get(r.GetValue(size)!).Name;
            var layout = new DataLayout(r.GetValue(CommonOptions.Data)!);
            var domain = SentimentFormat.RequireDomain(r.GetValue(target)!);
            var folder = layout.TargetFolder(domain);
            var task = TargetTaskStore.Load(folder);
            var train = new TrainingTokens(TokenCounting.TokenizerFor(name)); // read and tokenised as a stream: no text is held
            train.Add(PoolJsonl.Read(Path.Combine(folder, TargetTaskStore.PoolFile)).Where(e => e.Task == SentimentFormat.Task).Select(e => (e.Prompt, e.Response)));
            string? basePath = r.GetValue(scratch) ? null : BaseCheckpoint.Pretrained(r.GetValue(Models)!, name, otherwise: "pass --scratch");
            var job = new FinetuneJob(name, basePath, train, task, double.MaxValue, r.GetValue(epochs), r.GetValue(seed), Compute(r),
                LoraRank: r.GetValue(lora), LearningRate: r.GetValue(lr) > 0 ? r.GetValue(lr) : null, BatchSize: r.GetValue(batch),
                ResponseOnlyLoss: r.GetValue(responseOnly), ResponseLossWeight: r.GetValue(responseWeight));
            AnsiConsole.MarkupLineInterpolated($"finetuning {name} on {train.Count:N0} sentiment examples, testing on {task.Test.Count:N0} {domain} examples");
            var outcome = await TrainingProgressBar.RunAsync($"finetune {name}", progress => TargetFinetuner.Run(job, progress, ct));
            var table = new Table().AddColumns("size", "base", "steps", "train tokens", "train FLOPs", "eval FLOPs", "final loss", "accuracy", "raw accuracy", "bits/byte", "wall");
            table.AddRow(name, basePath is null ? "scratch" : "pretrained", outcome.Steps.ToString(), outcome.TrainTokens.ToString("N0"),
                outcome.TrainFlops.ToString("E3"), outcome.EvalFlops.ToString("E3"), outcome.FinalLoss.ToString("F3"),
                outcome.Accuracy.ToString("P1"), outcome.RawAccuracy.ToString("P1"), outcome.BitsPerByte.ToString("F3"), outcome.WallTime.ToString(@"h\:mm\:ss"));
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
