namespace OrleansSelect.Models.Training;

/// <summary>Linear warmup to the peak, then cosine decay to <see cref="MinFraction"/> of it at the last step.</summary>
public sealed record LearningRateSchedule(double Peak, int WarmupSteps, int TotalSteps, double MinFraction = 0.1)
{
    public double At(int step)
    {
        if (step < WarmupSteps) return Peak * (step + 1) / WarmupSteps;
        int decaySteps = Math.Max(1, TotalSteps - WarmupSteps);
        double progress = Math.Min(1.0, (double)(step - WarmupSteps) / decaySteps);
        double cosine = 0.5 * (1 + Math.Cos(Math.PI * progress));
        return Peak * (MinFraction + (1 - MinFraction) * cosine);
    }

    /// <summary>Warmup over 5% of the steps (at least one).</summary>
    public static LearningRateSchedule WarmupThenCosine(double peak, int totalSteps) =>
        new(peak, Math.Max(1, totalSteps / 20), totalSteps);
}
