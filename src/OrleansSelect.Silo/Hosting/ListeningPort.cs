using System.Net;
using System.Net.Sockets;
using OrleansSelect.Core;

namespace OrleansSelect.Silo.Hosting;

/// <summary>
/// Checks a port a silo is about to listen on, before it touches the database: Orleans would
/// otherwise fail deep in its start with a socket error after the silo had joined the membership.
/// </summary>
public static class ListeningPort
{
    /// <param name="what">The port's role and the option that sets it, e.g. ("silo port", "--silo-port").</param>
    /// <param name="address">Where it will listen: every address (a cluster silo) unless given.</param>
    public static void EnsureFree(int port, string what, string option, IPAddress? address = null)
    {
        if (port is < 1 or > 65535)
            throw new UserInputException($"the {what} {port} is not a TCP port (1-65535): give another with {option}");
        var listener = new TcpListener(address ?? IPAddress.Any, port) { ExclusiveAddressUse = true };
        try
        {
            listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new UserInputException($"the {what} {port} is already in use on this host: stop what listens there or give another with {option}", e);
        }
        finally
        {
            listener.Stop();
        }
    }
}
