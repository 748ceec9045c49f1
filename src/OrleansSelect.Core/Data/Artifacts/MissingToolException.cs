namespace OrleansSelect.Core.Data.Artifacts;

/// <summary>A tool the fetch needs (npm, apt-get, dpkg-deb) is not installed or cannot be started.</summary>
public sealed class MissingToolException(string tool, string reason, string installHint, Exception? inner = null)
    : UserInputException($"'{tool}' could not be started ({reason}); {installHint} and try again.", inner)
{
    public string Tool { get; } = tool;
}
