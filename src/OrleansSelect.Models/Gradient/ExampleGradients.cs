using OrleansSelect.Core.Data;
using OrleansSelect.Models.Tokenization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Gradient;

/// <summary>
/// One example's gradient of the LoRA adapters, flattened (adapter order as the model names them):
/// the mean next-token loss over the example as training packs it (a boundary token, the prompt,
/// the response, predicting the next boundary at the end), cut at the context length. One forward
/// and one backward per example, so a gradient never depends on the examples around it.
/// </summary>
public sealed class ExampleGradients
{
    private readonly Gpt _model;
    private readonly ITokenizer _tokenizer;
    private readonly Parameter[] _adapters;

    public ExampleGradients(Gpt model, ITokenizer tokenizer)
    {
        model.FreezeAllButAdapters();
        var adapters = model.named_parameters().Where(p => Gpt.IsAdapterName(p.name)).ToArray();
        if (adapters.Length == 0)
            throw new ArgumentException("the model has no LoRA adapters to take gradients of.");
        _model = model;
        _tokenizer = tokenizer;
        _adapters = adapters.Select(p => p.parameter).ToArray();
        AdapterNames = adapters.Select(p => p.name).ToArray();
        Dimension = _adapters.Sum(p => p.numel());
    }

    /// <summary>The adapters' names in the order their gradients are flattened.</summary>
    public IReadOnlyList<string> AdapterNames { get; }

    /// <summary>P: the length of one gradient (the adapters' parameter count).</summary>
    public long Dimension { get; }

    /// <summary>The (inputs, next-token targets) the model computes for an example: as many as it counts tokens, up to the context length.</summary>
    public static (long[] Inputs, long[] Targets) Sequence(ITokenizer tokenizer, PoolExample example, int contextLength)
    {
        var tokens = new List<long> { tokenizer.BoundaryToken };
        tokens.AddRange(tokenizer.Encode(example.Prompt).Select(t => (long)t));
        tokens.AddRange(tokenizer.Encode(example.Response).Select(t => (long)t));
        tokens.Add(tokenizer.BoundaryToken);
        var length = Math.Min(tokens.Count - 1, contextLength);
        return (tokens.Take(length).ToArray(), tokens.Skip(1).Take(length).ToArray());
    }

    /// <summary>The tokens the model computes for an example (what its FLOPs are counted on).</summary>
    public static int ComputedTokens(ITokenizer tokenizer, PoolExample example, int contextLength) =>
        (int)Math.Min(TokenCounting.CountTokens(tokenizer, example), contextLength);

    /// <summary>The flattened fp32 adapter gradient of <paramref name="example"/>'s mean loss.</summary>
    public Tensor Of(PoolExample example)
    {
        var (inputs, targets) = Sequence(_tokenizer, example, _model.Config.ContextLength);
        var device = _adapters[0].device;
        using var scope = NewDisposeScope();
        foreach (var p in _adapters) p.grad?.zero_();
        var logits = _model.forward(tensor(inputs, [1, inputs.Length], device: device));
        var loss = nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), tensor(targets, device: device));
        loss.backward();
        var flat = cat(_adapters.Select(p => p.grad!.to(ScalarType.Float32).reshape(-1)).ToArray());
        foreach (var p in _adapters) p.grad!.zero_();
        return flat.MoveToOuterDisposeScope();
    }
}
