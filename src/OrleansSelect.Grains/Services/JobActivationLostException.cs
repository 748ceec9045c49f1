namespace OrleansSelect.Grains.Services;

/// <summary>
/// A job's grain answers as a fresh activation that never started the job: the one running it was
/// lost with its silo, and the call that started it will not be answered. Starting the job again
/// resumes it; <see cref="SiloLossRetry"/> treats this as a silo loss.
/// </summary>
public sealed class JobActivationLostException()
    : Exception("the silo running this job was lost; the job is started again on a survivor");
