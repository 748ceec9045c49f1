namespace OrleansSelect.Silo.Hosting;

/// <summary>
/// Where a cluster-mode silo keeps membership and state, and how other silos and clients reach it.
/// AdvertisedAddress is the IP other silos dial; null lets Orleans pick this host's address
/// (under Kubernetes the pod IP is taken from POD_IP). DatabaseConnections caps the connections
/// this silo holds open to PostgreSQL (membership and grain state share them): keep
/// silos × DatabaseConnections at or below the server's max_connections less a reserve for
/// clients and administrators (a stock server allows 100, so 4 silos × 16 leaves 36). WebPort, when
/// given, serves metrics, health, the dashboard and the status page on every interface.
/// </summary>
public sealed record ClusterSiloOptions(
    string PostgresConnectionString,
    int SiloPort = ClusterSiloOptions.DefaultSiloPort,
    int GatewayPort = ClusterSiloOptions.DefaultGatewayPort,
    string ClusterId = ClusterSiloOptions.DefaultClusterId,
    string ServiceId = EmbeddedSilo.ServiceId,
    string? AdvertisedAddress = null,
    int? WebPort = null,
    int DatabaseConnections = ClusterSiloOptions.DefaultDatabaseConnections)
{
    public const int DefaultDatabaseConnections = 16;

    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;
    public const string DefaultClusterId = "orleansselect";
}
