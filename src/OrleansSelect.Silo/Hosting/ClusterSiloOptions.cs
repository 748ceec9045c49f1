namespace OrleansSelect.Silo.Hosting;

/// <summary>
/// Where a cluster-mode silo keeps membership and state, and how other silos and clients reach it.
/// AdvertisedAddress is the IP other silos dial; null lets Orleans pick this host's address
/// (under Kubernetes the pod IP is taken from POD_IP).
/// </summary>
public sealed record ClusterSiloOptions(
    string PostgresConnectionString,
    int SiloPort = ClusterSiloOptions.DefaultSiloPort,
    int GatewayPort = ClusterSiloOptions.DefaultGatewayPort,
    string ClusterId = ClusterSiloOptions.DefaultClusterId,
    string ServiceId = EmbeddedSilo.ServiceId,
    string? AdvertisedAddress = null,
    int? MetricsPort = null)
{
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;
    public const string DefaultClusterId = "orleansselect";
}
