using OrleansSelect.Core.Data.Artifacts;

namespace OrleansSelect.Core.Tests.Data;

/// <summary>
/// Stands in for npm, apt-get, sudo and dpkg-deb, so fetch logic runs without touching the machine.
/// apt-get finds a package only once its lists are filled (by an "apt-get update" it was given) and
/// only if the package is in <see cref="AptHas"/>; npm packs what <see cref="NpmHas"/> holds.
/// </summary>
public sealed class FakePackageClients : IProcessRunner
{
    public Dictionary<string, byte[]> AptHas { get; } = [];
    public Dictionary<string, byte[]> NpmHas { get; } = [];
    public bool ListsFilled { get; set; }
    public bool PasswordlessSudo { get; set; }
    public List<string> Calls { get; } = [];

    public Task<ProcessResult> RunAsync(string tool, IReadOnlyList<string> arguments, string? workingDirectory,
        string installHint, CancellationToken ct)
    {
        var line = string.Join(' ', arguments.Prepend(tool));
        Calls.Add(line);
        var ok = new ProcessResult(0, "", "");
        switch (tool, arguments[0])
        {
            case ("apt-get", "download"):
                var name = arguments[1].Split('=')[0];
                if (!ListsFilled) return Task.FromResult(new ProcessResult(100, "", $"E: Unable to locate package {name}\n"));
                if (!AptHas.TryGetValue(name, out var deb))
                    return Task.FromResult(new ProcessResult(100, "", $"E: Version '{arguments[1].Split('=')[1]}' for '{name}' was not found\n"));
                File.WriteAllBytes(Path.Combine(workingDirectory!, name + ".deb"), deb);
                return Task.FromResult(ok);
            case ("apt-get", "update"):
                ListsFilled = true;
                return Task.FromResult(ok);
            case ("sudo", "-n"):
                if (!PasswordlessSudo) return Task.FromResult(new ProcessResult(1, "", "sudo: a password is required\n"));
                if (arguments[1] == "true") return Task.FromResult(ok);
                return RunAsync(arguments[1], arguments.Skip(2).ToList(), workingDirectory, installHint, ct);
            case ("npm", "pack"):
                File.WriteAllBytes(Path.Combine(workingDirectory!, "package.tgz"), NpmHas[arguments[1]]);
                return Task.FromResult(ok);
            case ("dpkg-deb", "-x"):
                // Unpacks a fake .deb: its bytes name the one file it holds.
                var relative = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(arguments[1]));
                var target = Path.Combine(arguments[2], relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, "unpacked\n");
                return Task.FromResult(ok);
            default:
                throw new InvalidOperationException($"unexpected command: {line}");
        }
    }
}
