using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OrleansSelect.Models;

/// <summary>
/// A GPT-style decoder in the manner of nanoGPT: token and learned position embeddings, pre-norm
/// blocks of causal self-attention and a 4x GELU MLP, a final norm and an output head tied to the
/// token embedding. No biases. The residual stream and norms stay in the parameters' dtype; the
/// linear layers compute in <see cref="ComputeType"/> (bf16 for mixed precision).
/// </summary>
public sealed class Gpt : nn.Module<Tensor, Tensor>
{
    private readonly Parameter wte;
    private readonly Parameter wpe;
    private readonly ModuleList<Block> h;
    private readonly LayerNorm ln_f;

    public GptConfig Config { get; }

    public Gpt(GptConfig config) : base("gpt")
    {
        Config = config;
        wte = new Parameter(empty(config.VocabSize, config.DModel));
        wpe = new Parameter(empty(config.ContextLength, config.DModel));
        h = new ModuleList<Block>(Enumerable.Range(0, config.Layers).Select(i => new Block($"h{i}", config)).ToArray());
        ln_f = nn.LayerNorm(config.DModel, elementwise_affine: true);
        RegisterComponents();
        using (no_grad())
        {
            nn.init.normal_(wte, 0.0, 0.02);
            nn.init.normal_(wpe, 0.0, 0.02);
            // GPT-2's scaled init of the projections that write into the residual stream.
            double projStd = 0.02 / Math.Sqrt(2.0 * config.Layers);
            foreach (var block in h) block.ScaleResidualProjections(projStd);
        }
    }

    public ScalarType ComputeType
    {
        get => h.Count > 0 ? h[0].ComputeType : ScalarType.Float32;
        set { foreach (var block in h) block.ComputeType = value; }
    }

    /// <summary>Logits (batch, time, vocab) in fp32 for token ids (batch, time).</summary>
    public override Tensor forward(Tensor idx)
    {
        var logits = nn.functional.linear(HiddenStates(idx).to(ComputeType), wte.to(ComputeType));
        return logits.to(ScalarType.Float32);
    }

    /// <summary>The last hidden states (batch, time, d), after the final layer norm: what the output head reads.</summary>
    public Tensor HiddenStates(Tensor idx)
    {
        long t = idx.shape[1];
        if (t > Config.ContextLength)
            throw new ArgumentException($"Sequence length {t} exceeds the context length {Config.ContextLength}.");
        var pos = arange(t, device: idx.device);
        var x = wte.index_select(0, idx.reshape(-1)).reshape(idx.shape[0], t, Config.DModel) + wpe.index_select(0, pos);
        foreach (var block in h) x = block.forward(x);
        return ln_f.forward(x);
    }

    /// <summary>The LoRA adapter parameters (empty when the rank is 0).</summary>
    public IEnumerable<Parameter> AdapterParameters() =>
        named_parameters().Where(p => IsAdapterName(p.name)).Select(p => p.parameter);

    public static bool IsAdapterName(string name) => name.Contains("lora_", StringComparison.Ordinal);

    /// <summary>Freezes every weight but the adapters (for LoRA finetuning).</summary>
    public void FreezeAllButAdapters()
    {
        foreach (var (name, p) in named_parameters()) p.requires_grad = IsAdapterName(name);
    }

    private sealed class Block : nn.Module<Tensor, Tensor>
    {
        private readonly LayerNorm ln_1;
        private readonly CausalSelfAttention attn;
        private readonly LayerNorm ln_2;
        private readonly Mlp mlp;

        public Block(string name, GptConfig config) : base(name)
        {
            ln_1 = nn.LayerNorm(config.DModel);
            attn = new CausalSelfAttention("attn", config);
            ln_2 = nn.LayerNorm(config.DModel);
            mlp = new Mlp("mlp", config);
            RegisterComponents();
        }

        public ScalarType ComputeType
        {
            get => attn.ComputeType;
            set { attn.ComputeType = value; mlp.ComputeType = value; }
        }

        public void ScaleResidualProjections(double std)
        {
            nn.init.normal_(attn.OutputProjection.Weight, 0.0, std);
            nn.init.normal_(mlp.OutputProjection.Weight, 0.0, std);
        }

        public override Tensor forward(Tensor x)
        {
            x = x + attn.forward(ln_1.forward(x)).to(x.dtype);
            x = x + mlp.forward(ln_2.forward(x)).to(x.dtype);
            return x;
        }
    }

    private sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
    {
        private readonly LoraLinear c_attn;
        private readonly LoraLinear c_proj;
        private readonly int heads;
        private readonly int dModel;

        public CausalSelfAttention(string name, GptConfig config) : base(name)
        {
            heads = config.Heads;
            dModel = config.DModel;
            c_attn = new LoraLinear("c_attn", dModel, 3 * dModel, config.LoraRank, config.LoraAlpha);
            c_proj = new LoraLinear("c_proj", dModel, dModel, config.LoraRank, config.LoraAlpha);
            RegisterComponents();
        }

        public LoraLinear OutputProjection => c_proj;

        public ScalarType ComputeType
        {
            get => c_attn.ComputeType;
            set { c_attn.ComputeType = value; c_proj.ComputeType = value; }
        }

        public override Tensor forward(Tensor x)
        {
            long b = x.shape[0], t = x.shape[1];
            var qkv = c_attn.forward(x).split(dModel, dim: 2);
            Tensor Heads(Tensor z) => z.view(b, t, heads, dModel / heads).transpose(1, 2);
            var y = nn.functional.scaled_dot_product_attention(Heads(qkv[0]), Heads(qkv[1]), Heads(qkv[2]), is_casual: true);
            y = y.transpose(1, 2).contiguous().view(b, t, dModel);
            return c_proj.forward(y);
        }
    }

    private sealed class Mlp : nn.Module<Tensor, Tensor>
    {
        private readonly LoraLinear c_fc;
        private readonly LoraLinear c_proj;

        public Mlp(string name, GptConfig config) : base(name)
        {
            // Adapters go on attention only (rank 0 here), as in LESS.
            c_fc = new LoraLinear("c_fc", config.DModel, 4 * config.DModel, 0, 0);
            c_proj = new LoraLinear("c_proj", 4 * config.DModel, config.DModel, 0, 0);
            RegisterComponents();
        }

        public LoraLinear OutputProjection => c_proj;

        public ScalarType ComputeType
        {
            get => c_fc.ComputeType;
            set { c_fc.ComputeType = value; c_proj.ComputeType = value; }
        }

        public override Tensor forward(Tensor x) => c_proj.forward(nn.functional.gelu(c_fc.forward(x)));
    }
}
