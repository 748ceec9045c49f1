using OrleansSelect.Abstractions;
using OrleansSelect.Core.Reports;
using OrleansSelect.Core.Sweeps;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

public class StatusPageBrowserTests
{
    [Fact]
    public async Task A_browser_shows_the_budget_its_spent_FLOPs_and_the_selection_that_charged_it()
    {
        string chromium = HeadlessChromium.Executable; // fails first, with how to install it, where it is missing
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        int port = FreeTcpPort.Next();
        await using var silo = await EmbeddedSilo.StartAsync(folder.File("state"), new SiloComputeOptions(), webPort: port);
        await PoolIngestion.IngestAsync(silo.Grains, "browser-pool", poolPath, tokensPerShard: 50 * TestData.TokensPerExample);
        await silo.Grains.GetGrain<IBudgetGrain>("browser-budget").Create(5e12);
        var manifest = await silo.Grains.GetGrain<ISelectionGrain>("browser-selection").Run(
            new SelectionRequest("browser-pool", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "browser-budget", "none", "test"));
        var budget = await silo.Grains.GetGrain<IBudgetGrain>("browser-budget").GetStatus();
        Assert.True(budget.SpentFlops > 0);

        string url = $"http://127.0.0.1:{port}/";
        var dom = await HeadlessChromium.DumpDomAsync(url, folder.File("profile"));

        Assert.Contains("<h3 id=\"budget-browser-budget\">browser-budget</h3>", dom);
        Assert.Contains($"<td>{ReportWriter.Flops(5e12)}</td><td>{ReportWriter.Flops(budget.SpentFlops)}</td>", dom);
        Assert.Contains($"<td>selection</td><td>{ReportWriter.Flops(budget.SpentFlops)}</td>", dom); // the ledger by category
        Assert.Contains($"<td>bm25</td><td>{ReportWriter.Flops(budget.SpentFlops)}</td>", dom); // and by method
        Assert.Contains($"<td>browser-selection</td><td>bm25</td><td>browser-pool</td><td>target</td><td>browser-budget</td><td>{manifest.SelectedCount}</td>", dom);

        // Kept beside the test binaries for a person to look at.
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "status-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);
        await HeadlessChromium.ScreenshotAsync(url, screenshot, folder.File("profile"));
        Assert.True(new FileInfo(screenshot).Length > 10_000, $"chromium ({chromium}) wrote no real screenshot to {screenshot}");
    }

    [Fact]
    public async Task A_browser_shows_a_sweeps_progress_and_its_frontier_plot()
    {
        _ = HeadlessChromium.Executable; // fails first, with how to install it, where it is missing
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        int port = FreeTcpPort.Next();
        await using var silo = await EmbeddedSilo.StartAsync(folder.File("state"), new SiloComputeOptions(), webPort: port);
        await PoolIngestion.IngestAsync(silo.Grains, "toy", poolPath, tokensPerShard: 50 * TestData.TokensPerExample);
        var spec = new SweepSpec
        {
            Name = "page",
            Pool = "toy",
            Targets = [targetDirectory],
            Methods = new Dictionary<string, IReadOnlyList<string>> { ["random"] = [], ["bm25"] = [] },
            TrainingSizes = ["test"],
            Fractions = [0.1, 1.0],
            Seeds = [1],
            BudgetPerRun = 5e12,
        };
        var view = await silo.Grains.GetGrain<ISweepGrain>("page").Run(SweepSpecFile.ToJson(spec));
        Assert.Equal(4, view.Done);

        var dom = await HeadlessChromium.DumpDomAsync($"http://127.0.0.1:{port}/", folder.File("profile"));

        Assert.Contains("<h2>Sweeps (1)</h2>", dom);
        Assert.Contains($"<td><a href=\"#sweep-page\">page</a></td><td>finished</td><td>4 of 4</td><td>0</td><td>0</td><td>0</td><td>{ReportWriter.Flops(view.ChargedFlops)}</td>", dom);
        // The frontier plot of the one setting (target, training size), inline as SVG, with its runs' methods in the legend.
        int plot = dom.IndexOf("<div class=\"plot\" id=\"sweep-page-toy-test\"><svg", StringComparison.Ordinal);
        Assert.True(plot >= 0, "no inline SVG plot for the sweep's setting");
        var svg = dom[plot..dom.IndexOf("</svg>", plot, StringComparison.Ordinal)];
        Assert.Contains("toy test", svg); // the target's name, as the sweep's runs record it
        Assert.Contains("frontier (best run within budget)", svg);
        Assert.Contains("random", svg);
        Assert.Contains("bm25", svg);
    }

    [Fact]
    public async Task The_dashboard_is_served_from_the_silo_itself()
    {
        using var folder = new TempFolder();
        int port = FreeTcpPort.Next();
        await using var silo = await EmbeddedSilo.StartAsync(folder.File("state"), new SiloComputeOptions(), webPort: port);
        using var http = new HttpClient();

        var page = await http.GetStringAsync($"http://127.0.0.1:{port}/dashboard/");
        var script = await http.GetAsync($"http://127.0.0.1:{port}/dashboard/index.min.js");

        Assert.Contains("index.min.js", page);
        Assert.DoesNotContain("https://", page); // nothing fetched from elsewhere: it must work offline
        Assert.True(script.IsSuccessStatusCode, $"the dashboard's script answered {(int)script.StatusCode}");
    }
}
