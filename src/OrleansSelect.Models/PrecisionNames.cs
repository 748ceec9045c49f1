using OrleansSelect.Core;

namespace OrleansSelect.Models;

/// <summary>The names of precisions on the command line and in configuration.</summary>
public static class PrecisionNames
{
    public static IReadOnlyList<string> All { get; } = ["auto", "fp32", "bf16", "pure-bf16"];

    public static Precision Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "auto" => Precision.Auto,
        "fp32" or "float32" => Precision.Fp32,
        "bf16" or "bfloat16" => Precision.Bf16,
        "pure-bf16" or "purebf16" => Precision.PureBf16,
        _ => throw new UserInputException($"Precision '{name}' is unknown; choose one of {string.Join(", ", All)}."),
    };

    public static string Name(Precision precision) => precision switch
    {
        Precision.Fp32 => "fp32",
        Precision.Bf16 => "bf16",
        Precision.PureBf16 => "pure-bf16",
        _ => "auto",
    };
}
