using System.CommandLine;
using OrleansSelect.Cli.Commands;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Storage;
using Spectre.Console;

namespace OrleansSelect.Cli.Console;

/// <summary>
/// Gives one command its grains: a client of the cluster named by --cluster (or
/// ORLEANSSELECT_CLUSTER), otherwise the embedded silo on the state folder the user chose (this
/// process's own, or the one another command already runs there).
/// </summary>
public static class SiloSession
{
    public static async Task<IOrleansSession> StartAsync(ParseResult parse, CancellationToken cancellation)
    {
        if (CommonOptions.ClusterConnection(parse) is { } cluster)
            return await StatusLine.RunAsync($"connecting to the cluster on {PostgresDatabase.Describe(cluster)}", async _ =>
                (IOrleansSession)await ClusterClient.ConnectAsync(cluster, SiloCommand.DefaultClusterId(), cancellation: cancellation));

        var state = parse.GetValue(CommonOptions.State)!;
        var session = await StatusLine.RunAsync($"starting the embedded silo (state in {state})", _ =>
            EmbeddedSilo.StartOrJoinAsync(state, new SiloComputeOptions(), parse.GetValue(CommonOptions.WebPort), cancellation));
        if (session is EmbeddedSiloClient client)
            AnsiConsole.MarkupLineInterpolated(
                $"the state folder {state} is in use by process {client.Owner.ProcessId}: this command runs on that process's silo, which must keep running until this command ends");
        return session;
    }
}
