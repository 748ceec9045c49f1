using System.Diagnostics;
using System.Text.Json;
using OrleansSelect.Abstractions;
using OrleansSelect.Cli;
using OrleansSelect.Cli.Console;
using OrleansSelect.Silo.Hosting;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// Two commands on one state folder at once: the second is a client of the first one's embedded
/// silo, so both charge one budget through one ledger.
/// </summary>
[Collection(CliCollection.Name)]
public class SharedStateFolderTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private string State => _cli.Folder.File("state");

    private Task<IOrleansSession> StartSession() =>
        SiloSession.StartAsync(CliApp.Build().Parse(["budget", "status", "--name", "b", "--state", State]), CancellationToken.None);

    [Fact]
    public async Task Two_sessions_on_one_state_folder_charge_one_budget_exactly()
    {
        await using (var first = await StartSession())
        await using (var second = await StartSession())
        {
            await first.Grains.GetGrain<IBudgetGrain>("shared").Create(1e6);

            // Both charge at once, as two `select` runs on one budget would.
            await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
            {
                var budget = (i % 2 == 0 ? first : second).Grains.GetGrain<IBudgetGrain>("shared");
                Assert.True((await budget.Reserve($"op-{i}", 1000, FlopCategory.Selection, "bm25")).Granted);
                await budget.Commit($"op-{i}", 700);
            }));

            var status = await second.Grains.GetGrain<IBudgetGrain>("shared").GetStatus();
            Assert.Equal(40 * 700, status.SpentFlops);
            Assert.Equal(0, status.ReservedFlops);

            // A user error in the owner's silo reaches the second process as its sentence.
            var refused = await Assert.ThrowsAsync<Core.UserInputException>(() => second.Grains.GetGrain<IBudgetGrain>("shared").Create(2e6));
            Assert.Contains("already has a total", refused.Message);
        }

        // The owner removed its address when it stopped, and the ledger is on disk.
        Assert.False(File.Exists(Path.Combine(State, RunningSilo.FileName)));
        await using var again = await StartSession();
        Assert.Equal(40 * 700, (await again.Grains.GetGrain<IBudgetGrain>("shared").GetStatus()).SpentFlops);
    }

    [Fact]
    public async Task A_stale_address_left_by_a_dead_process_is_ignored()
    {
        using var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await exited.WaitForExitAsync();
        Directory.CreateDirectory(State);
        File.WriteAllText(Path.Combine(State, RunningSilo.FileName),
            JsonSerializer.Serialize(new { ProcessId = exited.Id, GatewayPort = FreeTcpPort.Next() }));

        await using var session = await StartSession();
        Assert.Equal(5, (await session.Grains.GetGrain<IBudgetGrain>("b").Create(5)).TotalFlops);
    }

    [Fact]
    public async Task A_client_whose_owner_stopped_gets_one_sentence_not_a_stack_trace()
    {
        var first = await StartSession();
        await using var second = await StartSession();
        await second.Grains.GetGrain<IBudgetGrain>("b").Create(10);
        await first.DisposeAsync();

        var error = await Record.ExceptionAsync(() =>
            second.Grains.GetGrain<IBudgetGrain>("b").GetStatus().WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.NotNull(error);
        var message = CommandRunner.UserMessage(error);
        Assert.NotNull(message);
        Assert.Contains("silo", message);
        Assert.Contains("stopped", message);
    }

    public void Dispose() => _cli.Dispose();
}
