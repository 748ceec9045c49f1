using System.Diagnostics;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// Debian's Chromium, headless, as a person's browser: it renders a page and gives back the DOM
/// after rendering, or a screenshot. Tests that need it fail (not skip) when it is missing.
/// </summary>
public static class HeadlessChromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    public static string Executable =>
        Candidates.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            "Chromium is not installed, and the status page test drives it: install Debian's package with `sudo apt-get install chromium` (.ci/run installs it)");

    public static async Task<string> DumpDomAsync(string url, string profileFolder) =>
        await RunAsync(profileFolder, "--dump-dom", url);

    public static async Task ScreenshotAsync(string url, string pngPath, string profileFolder) =>
        await RunAsync(profileFolder, $"--screenshot={pngPath}", "--window-size=1280,1100", "--hide-scrollbars", url);

    private static async Task<string> RunAsync(string profileFolder, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // A profile of its own, so runs neither share state nor need a writable home folder.
        foreach (var argument in (string[])["--headless", "--disable-gpu", "--no-sandbox", $"--user-data-dir={profileFolder}", .. arguments])
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium {string.Join(' ', arguments)} did not finish in 90 s: {await errors}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"chromium {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors}");
        return await output;
    }
}
