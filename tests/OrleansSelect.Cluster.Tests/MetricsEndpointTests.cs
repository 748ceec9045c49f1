using System.Globalization;
using OrleansSelect.Abstractions;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;

namespace OrleansSelect.Cluster.Tests;

public class MetricsEndpointTests
{
    [Fact]
    public async Task The_embedded_silo_serves_the_FLOPs_its_budgets_reserved_charged_and_have_left_to_Prometheus()
    {
        using var folder = new TempFolder();
        int port = FreeTcpPort.Next();
        await using var silo = await EmbeddedSilo.StartAsync(folder.File("state"), new SiloComputeOptions(), webPort: port);
        var budget = silo.Grains.GetGrain<IBudgetGrain>("metered");
        await budget.Create(1e12);
        // The meter is process-wide and other tests charge "bm25" concurrently, so this test's method name is its own.
        await budget.Reserve("op", 5e9, FlopCategory.Training, "metered-method");
        await budget.Commit("op", 4e9);

        using var http = new HttpClient();
        var text = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");

        var charged = Line(text, "orleansselect_flops_charged_total{", "method=\"metered-method\"");
        Assert.Contains("category=\"training\"", charged);
        Assert.Equal(4e9, Value(charged));
        Assert.Equal(5e9, Value(Line(text, "orleansselect_flops_reserved_total{", "method=\"metered-method\"")));
        Assert.Equal(1e12 - 4e9, Value(Line(text, "orleansselect_budget_remaining{", "budget=\"metered\"")));
    }

    private static string Line(string text, string prefix, string label) =>
        text.Split('\n').Single(l => l.StartsWith(prefix) && l.Contains(label));

    private static double Value(string line) => double.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture);
}
