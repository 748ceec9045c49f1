namespace OrleansSelect.Core.Compute;

/// <summary>The stage of a selection-and-training run that a cost belongs to.</summary>
public enum CostStage
{
    /// <summary>Once per target, before the pool is scored (a reference finetune, LESS's warmup).</summary>
    Prepare,

    /// <summary>Scoring the whole pool; grows with the pool and the selector, not with how much is kept.</summary>
    Scoring,

    /// <summary>Finetuning the target model on what was kept.</summary>
    Training,
}

/// <summary>One line of a cost estimate: what it pays for, its FLOPs, and the formula with its numbers.</summary>
public sealed record CostLine(CostStage Stage, string What, double Flops, string Formula);
