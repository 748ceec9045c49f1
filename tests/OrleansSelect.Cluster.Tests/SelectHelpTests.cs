using System.CommandLine;
using OrleansSelect.Cli;

namespace OrleansSelect.Cluster.Tests;

/// <summary>`select --help` is where a user learns the methods: every one, with its defaults.</summary>
public class SelectHelpTests
{
    [Fact]
    public async Task Help_lists_every_method_with_its_defaults()
    {
        // Help is written by System.CommandLine, not through the console the harness captures.
        using var writer = new StringWriter();
        int exit = await CliApp.Build().Parse(["select", "--help"]).InvokeAsync(new InvocationConfiguration { Output = writer });
        Assert.Equal(0, exit);
        var output = writer.ToString();
        var flat = string.Join(' ', output.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("random: a uniform sample", flat);
        Assert.Contains("bm25: Okapi BM25", flat);
        Assert.Contains("k1 = 1.5, b = 0.75", flat);
        Assert.Contains("dsir: importance weights", flat);
        Assert.Contains("10,000 buckets", flat);
        Assert.Contains("embed (--embedder minilm): mean cosine similarity", flat);
        Assert.Contains("--embedder", flat);
        Assert.Contains("embed (--embedder selector): mean cosine similarity to the reference examples' embeddings (selector: the pretrained selector's last hidden states", flat);
        Assert.Contains("perplexity: keeps the lowest mean token negative log-likelihood under the selector", flat);
        Assert.Contains("the score is −NLL", flat);
        Assert.Contains("perplexity-mid: perplexity's selection and scores, trained in curriculum order", flat);
        Assert.Contains("gradient: LESS: LoRA (rank 8) warmup of --selector", flat);
        // gradient's settings, with GradientSettings' defaults.
        Assert.Contains("--warmup-fraction <warmup-fraction> gradient: the share of the pool the LoRA warmup trains on (drawn with --seed), in (0, 1] [default: 0.05]", flat);
        Assert.Contains("--warmup-epochs <warmup-epochs> gradient: epochs of the LoRA warmup, a checkpoint each", flat);
        Assert.Contains("[default: 4]", flat);
        Assert.Contains("--projection-dim <projection-dim> gradient: dimension each example's gradient is projected to (capped by the LoRA parameter count) [default: 8192]", flat);
    }
}
