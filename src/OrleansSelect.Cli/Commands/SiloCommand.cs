using System.CommandLine;
using OrleansSelect.Core;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Storage;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>
/// `silo`: runs one silo of the cluster mode until Ctrl+C or SIGTERM. Membership and grain state
/// live in PostgreSQL; other commands reach the cluster with --cluster.
/// </summary>
public static class SiloCommand
{
    public const string PostgresVariable = "ORLEANSSELECT_POSTGRES";
    public const string ClusterIdVariable = "ORLEANSSELECT_CLUSTER_ID";
    public const string DeviceVariable = "ORLEANSSELECT_DEVICE";

    public static Command Create()
    {
        var postgres = PostgresOption();
        var siloPort = new Option<int>("--silo-port")
        {
            Description = "Port for silo-to-silo traffic",
            DefaultValueFactory = _ => ClusterSiloOptions.DefaultSiloPort,
        };
        var gatewayPort = new Option<int>("--gateway-port")
        {
            Description = "Port clients connect to",
            DefaultValueFactory = _ => ClusterSiloOptions.DefaultGatewayPort,
        };
        var clusterId = new Option<string>("--cluster-id")
        {
            Description = $"Cluster id shared by the silos and clients of one deployment (or env {ClusterIdVariable})",
            DefaultValueFactory = _ => DefaultClusterId(),
        };
        var advertise = new Option<string?>("--advertise")
        {
            Description = "IP address other silos and clients dial (default: this host's address; POD_IP under Kubernetes)",
        };
        var device = new Option<string>("--device")
        {
            Description = $"Torch device for scoring and training: cpu, cuda, cuda:N (or env {DeviceVariable})",
            DefaultValueFactory = _ => CommonOptions.Variable(DeviceVariable) ?? "cpu",
        };
        var connections = new Option<int>("--db-connections")
        {
            Description = "Most connections this silo holds to PostgreSQL; keep silos x this at or below the server's max_connections less a reserve",
            DefaultValueFactory = _ => ClusterSiloOptions.DefaultDatabaseConnections,
        };
        var checkpointEvery = new Option<int>("--checkpoint-every")
        {
            Description = "Training steps between a run's resume checkpoints (under the models folder, which the silos must share); a run whose silo dies redoes at most this many",
            DefaultValueFactory = _ => SiloComputeOptions.DefaultCheckpointEverySteps,
        }.Positive();
        var command = new Command("silo", "Run one silo of a cluster on PostgreSQL until Ctrl+C or SIGTERM")
        {
            postgres, siloPort, gatewayPort, clusterId, advertise, device, connections, checkpointEvery,
        };
        command.SetAction(async (parse, ct) =>
        {
            var connectionString = RequiredConnection(parse, postgres, "the silo");
            var options = new ClusterSiloOptions(connectionString, parse.GetValue(siloPort), parse.GetValue(gatewayPort),
                parse.GetValue(clusterId)!, AdvertisedAddress: parse.GetValue(advertise), WebPort: parse.GetValue(CommonOptions.WebPort),
                DatabaseConnections: parse.GetValue(connections));
            var compute = new SiloComputeOptions { Device = parse.GetValue(device)!, CheckpointEverySteps = parse.GetValue(checkpointEvery) };

            await using var silo = await ClusterSilo.StartAsync(options, compute, cancellation: ct);
            AnsiConsole.MarkupLineInterpolated(
                $"silo of cluster [bold]{options.ClusterId}[/] running on {compute.Device}: silo port {options.SiloPort}, gateway port {options.GatewayPort}{(options.WebPort is { } web ? $", web port {web}" : "")}, state in {PostgresDatabase.Describe(connectionString)}; Ctrl+C stops it");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, silo.Stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // The normal way out: a signal, or the host stopping on its own.
            }
            AnsiConsole.MarkupLine("stopping the silo");
            return 0;
        });
        return command;
    }

    // The connection string holds a password: it may come from the environment (a Kubernetes
    // Secret) rather than the command line, where every process listing would show it.
    public static Option<string?> PostgresOption() => new("--postgres")
    {
        Description = $"PostgreSQL connection string for membership and grain state (or env {PostgresVariable}; the password may come from env {CommonOptions.PostgresPasswordVariable})",
    };

    /// <summary>The --postgres connection string (or its variable's), password from the environment applied; refused when missing.</summary>
    public static string RequiredConnection(ParseResult parse, Option<string?> postgres, string who) =>
        CommonOptions.PostgresConnection(parse.GetValue(postgres), PostgresVariable) is { } connectionString && !string.IsNullOrWhiteSpace(connectionString)
            ? connectionString
            : throw new UserInputException($"{who} needs a PostgreSQL connection string: give --postgres or set {PostgresVariable}");

    public static string DefaultClusterId() =>
        CommonOptions.Variable(ClusterIdVariable) ?? ClusterSiloOptions.DefaultClusterId;
}
