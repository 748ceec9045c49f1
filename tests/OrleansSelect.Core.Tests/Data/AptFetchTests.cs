using System.Security.Cryptography;
using System.Text;
using OrleansSelect.Core.Data.Artifacts;
using OrleansSelect.Core.Data.Build;

namespace OrleansSelect.Core.Tests.Data;

/// <summary>Debian packages on a machine whose apt lists were never downloaded; apt itself is faked.</summary>
public class AptFetchTests
{
    private static Artifact Deb(string name, byte[] bytes) =>
        new(name, "1.0-1", ArtifactKind.Deb, $"{name}_1.0-1_all.deb", Convert.ToHexStringLower(SHA256.HashData(bytes)), name);

    private static (Artifact Fortunes, Artifact Wordnet, FakePackageClients Apt) Setup()
    {
        var apt = new FakePackageClients();
        var fortunesBytes = Encoding.UTF8.GetBytes("usr/share/games/fortunes/love");
        var wordnetBytes = Encoding.UTF8.GetBytes("usr/share/wordnet/data.noun");
        apt.AptHas["fortunes"] = fortunesBytes;
        apt.AptHas["wordnet-base"] = wordnetBytes;
        return (Deb("fortunes", fortunesBytes), Deb("wordnet-base", wordnetBytes), apt);
    }

    [Fact]
    public async Task As_root_a_package_apt_cannot_find_updates_the_lists_once_and_is_fetched()
    {
        using var temp = new TempFolder();
        var (fortunes, wordnet, apt) = Setup();
        var layout = new DataLayout(temp.Path);

        var outcomes = await new ArtifactFetcher(layout, apt, runsAsRoot: true)
            .FetchAllAsync([fortunes, wordnet], strict: true, CancellationToken.None);

        Assert.All(outcomes, o => Assert.True(o.Downloaded && o.Extracted));
        Assert.Equal(["apt-get download fortunes=1.0-1", "apt-get update", "apt-get download fortunes=1.0-1"],
            apt.Calls.Where(c => c.StartsWith("apt-get", StringComparison.Ordinal)).Take(3));
        Assert.Single(apt.Calls, "apt-get update");
        Assert.DoesNotContain(apt.Calls, c => c.StartsWith("sudo", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(layout.SourceFolder("wordnet-base"), "usr", "share", "wordnet", "data.noun")));
    }

    [Fact]
    public async Task Without_root_password_less_sudo_updates_the_lists()
    {
        using var temp = new TempFolder();
        var (fortunes, _, apt) = Setup();
        apt.PasswordlessSudo = true;

        var outcome = Assert.Single(await new ArtifactFetcher(new DataLayout(temp.Path), apt, runsAsRoot: false)
            .FetchAllAsync([fortunes], strict: true, CancellationToken.None));

        Assert.True(outcome.Extracted);
        Assert.Contains("sudo -n apt-get update", apt.Calls);
    }

    [Fact]
    public async Task Without_root_or_sudo_the_error_says_exactly_what_to_run_and_nothing_is_updated()
    {
        using var temp = new TempFolder();
        var (fortunes, _, apt) = Setup();

        var error = await Assert.ThrowsAsync<ArtifactUnavailableException>(() => new ArtifactFetcher(new DataLayout(temp.Path), apt, runsAsRoot: false)
            .FetchAllAsync([fortunes], strict: true, CancellationToken.None));

        Assert.Equal("apt-get cannot find Debian package fortunes@1.0-1 (E: Unable to locate package fortunes) and this user may not " +
                     "update its package lists; run 'sudo apt-get update' and then 'orleansselect data fetch' again.", error.Message);
        Assert.False(apt.ListsFilled);
        Assert.DoesNotContain(apt.Calls, c => c.Contains("update", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_version_missing_even_after_an_update_is_not_retried_for_every_package()
    {
        using var temp = new TempFolder();
        var (fortunes, wordnet, apt) = Setup();
        apt.AptHas.Clear(); // another distribution: none of the pinned versions exist

        var outcomes = await new ArtifactFetcher(new DataLayout(temp.Path), apt, runsAsRoot: true)
            .FetchAllAsync([fortunes, wordnet], strict: false, CancellationToken.None);

        Assert.All(outcomes, o => Assert.Contains("is not in this machine's apt sources even after 'apt-get update'", o.SkippedBecause));
        Assert.Single(apt.Calls, "apt-get update");
    }
}
