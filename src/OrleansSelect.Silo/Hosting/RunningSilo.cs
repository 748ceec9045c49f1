using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace OrleansSelect.Silo.Hosting;

/// <summary>
/// The embedded silo that owns a state folder, as other processes find it: silo.json names its
/// process and gateway port. Its owner holds silo.lock open exclusively for as long as the silo
/// runs; the OS lets go of the lock however the process ends, so a folder is never claimed twice
/// and a silo.json left by a crash is recognised as stale (dead process or silent port) and ignored.
/// </summary>
public sealed record RunningSilo(int ProcessId, int GatewayPort)
{
    public const string FileName = "silo.json";
    public const string LockFileName = "silo.lock";

    /// <summary>Claims the folder for a silo in this process, or null when another silo holds it.</summary>
    public static Claim? TryClaim(string stateDirectory)
    {
        try
        {
            // FileShare.None takes an exclusive lock on the file that a second open, from any process, is refused.
            return new Claim(stateDirectory, new FileStream(Path.Combine(stateDirectory, LockFileName),
                FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>What silo.json says, whether or not that silo still runs; null when there is no readable file.</summary>
    public static RunningSilo? Read(string stateDirectory)
    {
        try
        {
            return JsonSerializer.Deserialize<RunningSilo>(File.ReadAllText(Path.Combine(stateDirectory, FileName)));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True when the process still runs and something listens on its gateway port.</summary>
    public async Task<bool> AnswersAsync(CancellationToken cancellation)
    {
        try
        {
            using var process = Process.GetProcessById(ProcessId);
            if (process.HasExited) return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
        using var probe = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await probe.ConnectAsync(IPAddress.Loopback, GatewayPort, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>This process's hold on a state folder: publish the gateway once the silo is up; dispose when it has stopped.</summary>
    public sealed class Claim(string stateDirectory, FileStream lockFile) : IDisposable
    {
        private string AddressPath => Path.Combine(stateDirectory, FileName);

        public void Publish(int gatewayPort)
        {
            // Renamed into place, so a reader never sees half a file.
            var temporary = AddressPath + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(new RunningSilo(Environment.ProcessId, gatewayPort)));
            File.Move(temporary, AddressPath, overwrite: true);
        }

        /// <summary>Takes the address away first, so no new client comes while the silo stops.</summary>
        public void Withdraw()
        {
            if (Read(stateDirectory)?.ProcessId == Environment.ProcessId)
                File.Delete(AddressPath);
        }

        public void Dispose()
        {
            Withdraw();
            lockFile.Dispose();
        }
    }
}
