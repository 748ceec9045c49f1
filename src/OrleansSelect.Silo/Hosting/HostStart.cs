using Microsoft.Extensions.Hosting;
using OrleansSelect.Core;

namespace OrleansSelect.Silo.Hosting;

/// <summary>
/// Starts a built host. A failure (no database, no silo answering) becomes one user error that says
/// what did not start and why, and the half-started host is disposed.
/// </summary>
internal static class HostStart
{
    public static async Task StartOrExplainAsync(IHost host, string whatDidNotStart, CancellationToken cancellation)
    {
        try
        {
            await host.StartAsync(cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            // Kestrel's IOException names the address it could not bind; its inner exception only says "Address already in use".
            var reason = e is IOException ? e.Message : e.GetBaseException().Message;
            throw new UserInputException($"{whatDidNotStart}: {reason}", e);
        }
    }
}
