using Orleans.Configuration;

namespace OrleansSelect.Silo.Hosting;

/// <summary>
/// What every OrleansSelect client has, whichever silo it reaches (a cluster's through PostgreSQL,
/// or another process's embedded one): calls that may last as long as a training run, and a connection that gives up after a while instead of
/// retrying forever, so a command can say that no silo answers.
/// </summary>
public static class ClientSetup
{
    public static IClientBuilder AddOrleansSelect(this IClientBuilder client, TimeSpan connectPatience, TimeSpan retryPause)
    {
        var giveUpAt = DateTime.UtcNow + connectPatience;
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = SiloSetup.LongCallTimeout);
        client.UseConnectionRetryFilter(async (_, ct) =>
        {
            if (DateTime.UtcNow >= giveUpAt) return false;
            await Task.Delay(retryPause, ct);
            return true;
        });
        return client;
    }
}
