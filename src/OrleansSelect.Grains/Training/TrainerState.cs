using OrleansSelect.Abstractions;

namespace OrleansSelect.Grains.Training;

public sealed class TrainerState
{
    public TrainingResult? Result { get; set; }

    /// <summary>Attempts started; an attempt that never finished is charged in full on the next one.</summary>
    public int AttemptsStarted { get; set; }

    /// <summary>The budget the attempts were charged to.</summary>
    public string BudgetName { get; set; } = "";
}
