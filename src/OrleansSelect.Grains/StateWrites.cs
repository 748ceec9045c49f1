namespace OrleansSelect.Grains;

/// <summary>
/// Every grain sets its state in memory and then writes it. When the write fails, the activation
/// is ahead of storage, so it is dropped (the next call starts from what was stored) and the call fails.
/// </summary>
public static class StateWrites
{
    public static Task WriteOrDeactivateAsync<T>(this IPersistentState<T> state, IGrainBase grain) =>
        grain.WriteOrDeactivateAsync(state.WriteStateAsync);

    /// <summary>The same for a write of the grain's own (the budget's ledger rows).</summary>
    public static async Task WriteOrDeactivateAsync(this IGrainBase grain, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
