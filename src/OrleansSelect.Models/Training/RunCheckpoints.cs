using System.Globalization;
using OrleansSelect.Core.Compute;

namespace OrleansSelect.Models.Training;

/// <summary>
/// Where a training run keeps the checkpoint it resumes from and how often it writes it. A resumed
/// run starts at <see cref="From"/> (null: at step 0).
/// </summary>
public sealed record RunCheckpointing(string Directory, int EverySteps, ResumePoint? From = null);

/// <summary>A verified checkpoint to resume from and the step it was written after.</summary>
public sealed record ResumePoint(string Path, int Step);

/// <summary>
/// A training run's rolling resume checkpoint, "step-N.ckpt" in the run's folder: the weights,
/// AdamW's moments and step count, and metadata holding the rest of what resuming needs to continue
/// exactly as an undisturbed run would: the step (which gives the learning-rate schedule's position
/// and the position in the epoch's data order), the last losses (the final loss averages them) and
/// the plan it belongs to. The data order needs no saved RNG state: each epoch's order is the
/// seeded generator's next shuffle, so replaying the shuffles of the epochs before restores it.
/// Each checkpoint is written atomically and the earlier ones are removed only after it is in place.
/// </summary>
public static class RunCheckpoints
{
    private const string Prefix = "step-";
    private const string Extension = ".ckpt";
    private const string PlanKey = "plan";
    private const string StepKey = "step";
    private const string LossesKey = "recentLosses";

    /// <summary>The final loss is the mean of this many last losses, so a checkpoint keeps them.</summary>
    public const int RecentLosses = 10;

    public static string PathFor(string directory, int step) => Path.Combine(directory, $"{Prefix}{step:D9}{Extension}");

    /// <summary>What a checkpoint must have been written by: a resume into another plan would train something else.</summary>
    public static string PlanKeyFor(TrainingPlan plan, TrainingRun run, int textCount) => string.Join(';',
        $"steps={plan.Steps.Count}", $"flopsPerRow={plan.FlopsPerRow.ToString("R", CultureInfo.InvariantCulture)}", $"texts={textCount}",
        $"batch={run.BatchSize}", $"epochs={run.Epochs}", $"seed={run.Seed}",
        $"lr={run.PeakLearningRate.ToString("R", CultureInfo.InvariantCulture)}");

    public static void Save(string directory, int step, string planKey, IReadOnlyList<double> losses, Gpt model, AdamW optimizer)
    {
        var path = PathFor(directory, step);
        var recent = losses.Skip(Math.Max(0, losses.Count - RecentLosses)).Select(l => l.ToString("R", CultureInfo.InvariantCulture));
        Checkpoint.Save(path, model, optimizer, new Dictionary<string, string>
        {
            [StepKey] = step.ToString(CultureInfo.InvariantCulture),
            [PlanKey] = planKey,
            [LossesKey] = string.Join(',', recent),
        });
        foreach (var (earlier, _) in Existing(directory).Where(c => c.Step < step))
            File.Delete(earlier);
    }

    /// <summary>
    /// The newest checkpoint in <paramref name="directory"/> that reads whole and belongs to this
    /// plan, or null. Each one passed over is removed (it can never be resumed from) and reported in
    /// <paramref name="rejected"/> with the reason, so the caller can warn.
    /// </summary>
    public static ResumePoint? FindLatest(string directory, GptConfig config, string planKey, List<string> rejected)
    {
        foreach (var (path, step) in Existing(directory).OrderByDescending(c => c.Step))
        {
            string reason;
            try
            {
                var header = Checkpoint.Verify(path, config);
                if (header.Metadata.GetValueOrDefault(PlanKey) != planKey) reason = "it was written for another training plan";
                else if (header.Metadata.GetValueOrDefault(StepKey) != step.ToString(CultureInfo.InvariantCulture)) reason = "its step does not match its name";
                else return new ResumePoint(path, step);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Resuming is an optimisation: a bad file costs the steps since the one before, never the run.
                reason = e.Message;
            }
            rejected.Add($"checkpoint '{path}' cannot be resumed from ({reason}); it is removed and the run goes back to an earlier point");
            File.Delete(path);
        }
        return null;
    }

    /// <summary>The step and recent losses a checkpoint's metadata holds.</summary>
    public static (int Step, List<double> RecentLosses) StateOf(Checkpoint.Header header) =>
        (int.Parse(header.Metadata[StepKey], CultureInfo.InvariantCulture),
         header.Metadata[LossesKey].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToList());

    /// <summary>Removes the run's folder once its result is stored: nothing will resume from it again.</summary>
    public static void Remove(string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    private static IEnumerable<(string Path, int Step)> Existing(string directory)
    {
        if (!Directory.Exists(directory)) yield break;
        foreach (var path in Directory.GetFiles(directory, $"{Prefix}*{Extension}"))
        {
            var name = Path.GetFileNameWithoutExtension(path)[Prefix.Length..];
            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int step)) yield return (path, step);
        }
    }
}
