using System.Net;
using System.Net.Sockets;

namespace OrleansSelect.Silo.Hosting;

/// <summary>A TCP port on the loopback interface that no one listens on at this moment.</summary>
public static class FreeTcpPort
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
