namespace OrleansSelect.Silo.Hosting;

/// <summary>
/// What a command needs from Orleans, whichever mode it runs in: the grains of an embedded silo
/// in this process, or of a cluster reached as a client. Dispose it to stop or disconnect.
/// </summary>
public interface IOrleansSession : IAsyncDisposable
{
    IGrainFactory Grains { get; }
}
