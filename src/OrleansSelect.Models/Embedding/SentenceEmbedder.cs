using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;
using OrleansSelect.Core.Compute;

namespace OrleansSelect.Models.Embedding;

/// <summary>
/// Sentence embeddings with all-MiniLM-L6-v2 on ONNX Runtime, as sentence-transformers computes
/// them: lowercasing WordPiece tokens with [CLS] and [SEP], at most <see cref="MaxTokens"/> (the
/// model's own 256), mean pooling over the attention mask, L2 normalisation.
/// Texts run in batches of similar length (sorted by token count) so little padding is computed;
/// each text's vector does not depend on which batch it ran in.
/// </summary>
public sealed class SentenceEmbedder : IDisposable
{
    public const int DefaultMaxTokens = 256;
    public const int DefaultBatchSize = 32;

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;

    public SentenceEmbedder(MiniLmFiles files, int maxTokens = DefaultMaxTokens, int batchSize = DefaultBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        MaxTokens = maxTokens;
        BatchSize = batchSize;
        using var vocabulary = new MemoryStream(files.Vocabulary);
        // As the uncased BERT tokenizer does it: lowercase and strip accents. Stripping needs Unicode
        // decomposition, which InvariantGlobalization (Directory.Build.props) turns off: accented words
        // ("café") become [UNK] here where Python gives "cafe".
        _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
        _session = new InferenceSession(files.Model);
        Dimension = (int)_session.OutputMetadata[HiddenOutput].Dimensions[^1];
        Parameters = OnnxParameterCount.Count(files.Model);
    }

    /// <summary>Loads all-MiniLM-L6-v2 from the DLL the build copied next to this assembly.</summary>
    public static SentenceEmbedder LoadMiniLm(int maxTokens = DefaultMaxTokens, int batchSize = DefaultBatchSize) =>
        new(MiniLmFiles.Load(), maxTokens, batchSize);

    private const string HiddenOutput = "last_hidden_state";

    public int MaxTokens { get; }

    public int BatchSize { get; }

    /// <summary>Length of an embedding (384 for MiniLM).</summary>
    public int Dimension { get; }

    /// <summary>N_embedder, counted from the model's weights; a forward costs 2·N_embedder per token.</summary>
    public long Parameters { get; }

    /// <summary>Token ids as the model sees them: [CLS], the text's WordPieces cut to fit, [SEP].</summary>
    public long[] Tokenize(string text)
    {
        var pieces = _tokenizer.EncodeToIds(text, addSpecialTokens: false);
        var kept = Math.Min(pieces.Count, MaxTokens - 2);
        var ids = new long[kept + 2];
        ids[0] = _tokenizer.ClassificationTokenId;
        for (var i = 0; i < kept; i++)
            ids[i + 1] = pieces[i];
        ids[^1] = _tokenizer.SeparatorTokenId;
        return ids;
    }

    /// <summary>Tokens the model reads for this text, specials included.</summary>
    public int CountTokens(string text) => Tokenize(text).Length;

    /// <summary>Unit-length embeddings, one per text, in the order given.</summary>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        var ids = texts.Select(Tokenize).ToArray();
        var result = new float[texts.Count][];
        foreach (var batch in Batches(ids))
        {
            var vectors = Run(batch.Select(i => ids[i]).ToArray());
            for (var j = 0; j < batch.Length; j++)
                result[batch[j]] = vectors[j];
        }
        return result;
    }

    /// <summary>Positions computed for these texts, padding included: what <see cref="Embed"/> costs is 2·N_embedder times this.</summary>
    public long ProcessedTokens(IReadOnlyList<string> texts)
    {
        var ids = texts.Select(Tokenize).ToArray();
        return Batches(ids).Sum(batch => (long)batch.Length * batch.Max(i => ids[i].Length));
    }

    public double FlopsFor(long processedTokens) => FlopModel.EmbeddingFlops(Parameters, processedTokens);

    /// <summary>Indices of the texts, by token count, cut into batches: similar lengths share a batch.</summary>
    private IEnumerable<int[]> Batches(long[][] ids) =>
        Enumerable.Range(0, ids.Length).OrderBy(i => ids[i].Length).ThenBy(i => i).Chunk(BatchSize);

    private float[][] Run(long[][] batch)
    {
        var rows = batch.Length;
        var positions = batch.Max(b => b.Length);
        var inputIds = new DenseTensor<long>([rows, positions]);
        var mask = new DenseTensor<long>([rows, positions]);
        var types = new DenseTensor<long>([rows, positions]);
        for (var r = 0; r < rows; r++)
            for (var t = 0; t < positions; t++)
            {
                var real = t < batch[r].Length;
                inputIds[r, t] = real ? batch[r][t] : _tokenizer.PaddingTokenId;
                mask[r, t] = real ? 1 : 0;
            }
        var inputs = new[]
        {
            NamedOnnxValue.CreateFromTensor("input_ids", inputIds),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
            NamedOnnxValue.CreateFromTensor("token_type_ids", types),
        };
        using var outputs = _session.Run(inputs, [HiddenOutput]);
        var hidden = outputs[0].AsTensor<float>().ToDenseTensor();
        return EmbeddingPooling.MeanPoolNormalized(hidden.Buffer.Span, mask.Buffer.Span, rows, positions, Dimension);
    }

    public void Dispose() => _session.Dispose();
}
