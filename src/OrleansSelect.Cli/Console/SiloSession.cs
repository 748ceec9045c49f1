using System.CommandLine;
using OrleansSelect.Cli.Commands;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Storage;
using Spectre.Console;

namespace OrleansSelect.Cli.Console;

/// <summary>
/// Gives one command its grains: a client of the cluster named by --cluster (or
/// ORLEANSSELECT_CLUSTER), otherwise the embedded silo on the state folder the user chose.
/// </summary>
public static class SiloSession
{
    public static async Task<IOrleansSession> StartAsync(ParseResult parse, CancellationToken cancellation)
    {
        if (CommonOptions.ClusterConnection(parse) is { } cluster)
            return await AnsiConsole.Status().StartAsync($"connecting to the cluster on {PostgresDatabase.Describe(cluster)}", async _ =>
                (IOrleansSession)await ClusterClient.ConnectAsync(cluster, SiloCommand.DefaultClusterId(), cancellation: cancellation));

        var state = parse.GetValue(CommonOptions.State)!;
        return await AnsiConsole.Status().StartAsync($"starting the embedded silo (state in {state})", async _ =>
            (IOrleansSession)await EmbeddedSilo.StartAsync(state, new SiloComputeOptions(), parse.GetValue(CommonOptions.MetricsPort), cancellation));
    }
}
