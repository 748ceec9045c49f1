namespace OrleansSelect.Cluster.Tests;

/// <summary>A folder under the system temp directory that is removed when the test ends.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("orleansselect-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } // a silo may still hold the database for a moment
    }
}
