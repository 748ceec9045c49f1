using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OrleansSelect.Abstractions;

namespace OrleansSelect.Grains.Selection;

public sealed class SelectionState
{
    /// <summary>
    /// The finished selection, its examples in its selection file. Stored as "Selection" because
    /// "Manifest" holds, in stores written before selection files, the manifest with every selected
    /// candidate inline (<see cref="InlineManifest"/>).
    /// </summary>
    [JsonPropertyName("Selection")]
    public SelectionManifest? Manifest { get; set; }

    /// <summary>Prepare attempts started; see AttemptCharging.</summary>
    public int PrepareAttempts { get; set; }

    /// <summary>FLOPs reserved by the latest prepare attempt: committed once its artifact is on disk, even after a crash between the two.</summary>
    public double PrepareFlops { get; set; }

    /// <summary>Prepare's cost when its artifact was made earlier for another budget (charged as reused).</summary>
    public double ReusedPrepareFlops { get; set; }

    /// <summary>Stores written before selection files kept the manifest here with its candidates inline; read only to migrate (<see cref="SelectionStateMigration"/>).</summary>
    [JsonPropertyName("Manifest"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? InlineManifest { get; set; }
}
