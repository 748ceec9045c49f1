using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OrleansSelect.Silo.Storage;

namespace OrleansSelect.Silo.Web;

/// <summary>
/// What /healthz and /ready check. Live: the host has started and the silo is not dead, so a
/// restart would not help otherwise. Ready: the silo is Active in the cluster's membership and the
/// grain-storage database answers, so calls routed here can be served.
/// </summary>
public static class SiloHealthChecks
{
    public const string Live = "live";
    public const string Ready = "ready";

    public sealed class Started(IHostApplicationLifetime lifetime, IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (!lifetime.ApplicationStarted.IsCancellationRequested)
                return Task.FromResult(HealthCheckResult.Unhealthy("the host is still starting"));
            var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
            return Task.FromResult(status == SiloStatus.Dead
                ? HealthCheckResult.Unhealthy("the silo is dead in the cluster's membership")
                : HealthCheckResult.Healthy($"silo {status}"));
        }
    }

    public sealed class Active(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
            return Task.FromResult(status == SiloStatus.Active
                ? HealthCheckResult.Healthy("silo Active")
                : HealthCheckResult.Unhealthy($"silo {status}, not Active"));
        }
    }

    public sealed class Database(string invariant, string connectionString) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                return await StorageDatabase.AnswersAsync(invariant, connectionString, cancellationToken)
                    ? HealthCheckResult.Healthy("storage database answers")
                    : HealthCheckResult.Unhealthy("storage database gave a wrong answer to SELECT 1");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy($"storage database does not answer: {e.GetBaseException().Message}");
            }
        }
    }
}
