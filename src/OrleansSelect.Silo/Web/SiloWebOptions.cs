using System.Net;

namespace OrleansSelect.Silo.Web;

/// <summary>
/// The silo's one web port (metrics, health, dashboard, status page). A cluster silo listens on
/// every interface, since Prometheus and Kubernetes' probes reach it from outside its pod; an
/// embedded silo only on the loopback interface, since it is one user's process on their machine.
/// </summary>
public sealed record SiloWebOptions(int Port, bool EveryInterface)
{
    public IPAddress Address => EveryInterface ? IPAddress.Any : IPAddress.Loopback;
}
