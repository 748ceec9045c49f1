namespace OrleansSelect.Grains;

/// <summary>
/// Every grain sets its state in memory and then writes it. When the write fails, the activation
/// is ahead of storage, so it is dropped (the next call starts from what was stored) and the call fails.
/// </summary>
public static class StateWrites
{
    public static async Task WriteOrDeactivateAsync<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
