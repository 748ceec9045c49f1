namespace OrleansSelect.Core.Data.Artifacts;

/// <summary>How an artifact is obtained and unpacked.</summary>
public enum ArtifactKind
{
    /// <summary>An npm package tarball: `npm pack NAME@VERSION`, a .tgz.</summary>
    Npm,

    /// <summary>A Debian package: `apt-get download NAME=VERSION`, a .deb unpacked with dpkg-deb.</summary>
    Deb,
}

/// <summary>
/// One pinned package: its registry name and version, the file the client writes, the SHA-256 that
/// file must have, the folder under sources/ it is extracted to, and (for tarballs) the path
/// prefixes worth extracting, so a 150 MB package does not land whole when three folders are used.
/// </summary>
public sealed record Artifact(
    string Name,
    string Version,
    ArtifactKind Kind,
    string FileName,
    string Sha256,
    string Folder,
    IReadOnlyList<string>? ExtractPrefixes = null)
{
    public string Display => $"{Name}@{Version}";

    /// <summary>
    /// Debian packages come only from Debian 12's archive; elsewhere the pool is built without them
    /// (and says so). The npm packages, the targets among them, are needed everywhere.
    /// </summary>
    public bool Optional => Kind == ArtifactKind.Deb;
}
