using System.Net;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;

namespace OrleansSelect.Cluster.Tests.Postgres;

public class PostgresWebTests
{
    [PostgresFact]
    public async Task A_cluster_silo_is_ready_once_Active_with_PostgreSQL_answering_on_its_web_port()
    {
        var connectionString = TestPostgres.Require();
        var (cluster, service) = (TestPostgres.UniqueId("web"), TestPostgres.UniqueId("web-service"));
        int port = FreeTcpPort.Next();
        await using var silo = await ClusterSilo.StartAsync(
            new(connectionString, FreeTcpPort.Next(), FreeTcpPort.Next(), cluster, service, AdvertisedAddress: "127.0.0.1", WebPort: port),
            new SiloComputeOptions { Cores = 2 });
        try
        {
            using var http = new HttpClient();
            var live = await http.GetAsync($"http://127.0.0.1:{port}/healthz");
            var ready = await http.GetAsync($"http://127.0.0.1:{port}/ready");

            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var readiness = await ready.Content.ReadAsStringAsync();
            Assert.Contains("silo-active: Healthy (silo Active)", readiness);
            Assert.Contains("database: Healthy (storage database answers)", readiness);
        }
        finally
        {
            await silo.DisposeAsync();
            TestPostgres.Forget(connectionString, serviceId: service, clusterId: cluster);
        }
    }
}
