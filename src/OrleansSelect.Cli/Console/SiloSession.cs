using System.CommandLine;
using OrleansSelect.Cli.Commands;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;
using Spectre.Console;

namespace OrleansSelect.Cli.Console;

/// <summary>Starts the embedded silo for one command, on the state folder the user chose.</summary>
public static class SiloSession
{
    public static async Task<EmbeddedSilo> StartAsync(ParseResult parse, CancellationToken cancellation)
    {
        var state = parse.GetValue(CommonOptions.State)!;
        EmbeddedSilo? silo = null;
        await AnsiConsole.Status().StartAsync($"starting the embedded silo (state in {state})", async _ =>
            silo = await EmbeddedSilo.StartAsync(state, new SiloComputeOptions(), cancellation));
        return silo!;
    }
}
