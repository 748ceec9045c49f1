using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansSelect.Core;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Storage;
using OrleansSelect.Silo.Web;

namespace OrleansSelect.Cluster.Tests;

public class HealthEndpointTests
{
    [Fact]
    public async Task A_started_embedded_silo_is_live_and_ready_on_its_web_port()
    {
        using var folder = new TempFolder();
        int port = FreeTcpPort.Next();
        await using var silo = await EmbeddedSilo.StartAsync(folder.File("state"), new SiloComputeOptions(), webPort: port);
        using var http = new HttpClient();

        var live = await http.GetAsync($"http://127.0.0.1:{port}/healthz");
        var ready = await http.GetAsync($"http://127.0.0.1:{port}/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var readiness = await ready.Content.ReadAsStringAsync();
        Assert.Contains("silo-active: Healthy (silo Active)", readiness);
        Assert.Contains("database: Healthy", readiness);
    }

    [Fact]
    public async Task Readiness_fails_when_the_storage_database_does_not_answer()
    {
        // Port 1 on the loopback interface: nothing listens there.
        var check = new SiloHealthChecks.Database(PostgresSchema.Invariant, "Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x;Timeout=3");

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("storage database does not answer", result.Description);
    }

    [Fact]
    public async Task A_web_port_in_use_is_one_user_error_and_leaves_the_state_folder_free()
    {
        using var folder = new TempFolder();
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            int port = ((IPEndPoint)taken.LocalEndpoint).Port;

            var error = await Assert.ThrowsAsync<UserInputException>(() =>
                EmbeddedSilo.StartAsync(folder.File("state"), new SiloComputeOptions(), webPort: port));

            Assert.Contains($"127.0.0.1:{port}", error.Message);
            await using var next = await EmbeddedSilo.StartAsync(folder.File("state"), new SiloComputeOptions());
        }
        finally
        {
            taken.Stop();
        }
    }
}
