using Orleans.Concurrency;

namespace OrleansSelect.Abstractions;

/// <summary>
/// One selection job (keyed by its id): fans scoring out to the pool's shards, merges their local
/// top-k into the exact global top-k and persists the manifest. Running a finished job again
/// returns its manifest; an interrupted one resumes, and shards already scored are not rescored.
/// </summary>
public interface ISelectionGrain : IGrainWithStringKey
{
    Task<SelectionManifest> Run(SelectionRequest request);

    Task<SelectionManifest?> GetManifest();

    /// <summary>
    /// Part <paramref name="part"/> (0-based, of <see cref="SelectionFileView.Parts"/>) of the finished
    /// selection's examples, in the manifest's order: one message carries one part, never the whole
    /// selection. A part whose file is missing or damaged fails with a sentence naming the file.
    /// </summary>
    [ReadOnly]
    Task<IReadOnlyList<SelectedCandidate>> GetPart(int part);

    /// <summary>
    /// What running this request would cost before any of it runs: prepare plus scoring, from the
    /// pool's real token counts under the request's tokenizer. Its <see cref="SelectionRequest.Target"/>
    /// is not used (scoring costs the same whatever is kept), so a plan can ask before choosing it.
    /// </summary>
    Task<double> EstimateFlops(SelectionRequest request);

    /// <summary>Polled while the job runs (see JobPolling): answers within seconds or not at all.</summary>
    [AlwaysInterleave, ResponseTimeout("00:00:10")]
    Task<JobProgress> GetProgress();
}
