using System.Security.Cryptography;
using System.Text;
using OrleansSelect.Core.IO;

namespace OrleansSelect.Core.Selection;

/// <summary>
/// A selection's examples (id, score, tokens, shard, rank, in training order) as column files under
/// the models folder, so that neither a grain's state nor a message ever carries the whole list:
/// parts of at most <c>partRows</c> rows, each one byte column, and an index column listing every
/// part with its SHA-256. The manifest keeps only the index's reference, so one checksum vouches for
/// every part; a reader holds the index and one part at a time.
/// A part's bytes are its rows one after another, each written by <see cref="BinaryWriter"/>:
/// id (length-prefixed UTF-8), score (float64), tokens (int64), shard (int32), rank (int32).
/// The index's bytes are the part count (int32), then per part its path, its SHA-256 and its rows (int32).
/// </summary>
public sealed class SelectionFile(ColumnFileStore store, string selectionId)
{
    /// <summary>About 3 MB per part for ids of a few dozen characters: a million rows is 16 parts.</summary>
    public const int DefaultPartRows = 65_536;

    private readonly string _folder = Path.Combine("selections",
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(selectionId)))[..24]);

    /// <summary>Writes the rows part by part (holding one part's bytes at a time), then the index; returns the index's reference.</summary>
    public SelectionFileRef Write(IEnumerable<SelectionRow> rows, int partRows = DefaultPartRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partRows, 1);
        var parts = new List<SelectionPart>();
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true);
        int inPart = 0, count = 0;
        void Flush()
        {
            writer.Flush();
            int index = parts.Count;
            var file = store.Write<byte>(_folder, $"part-{index:D5}", PartKey(index), buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            parts.Add(new SelectionPart(index, file, inPart));
            buffer.SetLength(0);
            inPart = 0;
        }
        foreach (var row in rows)
        {
            writer.Write(row.ExampleId);
            writer.Write(row.Score);
            writer.Write(row.Tokens);
            writer.Write(row.Shard);
            writer.Write(row.Rank);
            count++;
            if (++inPart == partRows)
                Flush();
        }
        if (inPart > 0)
            Flush();

        buffer.SetLength(0);
        writer.Write(parts.Count);
        foreach (var part in parts)
        {
            writer.Write(part.File.Path);
            writer.Write(part.File.Sha256);
            writer.Write(part.Rows);
        }
        writer.Flush();
        var indexFile = store.Write<byte>(_folder, "index", IndexKey, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        return new SelectionFileRef(indexFile, parts.Count, count);
    }

    /// <summary>Every part's reference and size, from the index; throws naming the file when it cannot be trusted.</summary>
    public IReadOnlyList<SelectionPart> ReadIndex(ColumnFileRef index)
    {
        var bytes = Read(index, IndexKey);
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        var parts = new SelectionPart[reader.ReadInt32()];
        for (int i = 0; i < parts.Length; i++)
            parts[i] = new SelectionPart(i, new ColumnFileRef(reader.ReadString(), reader.ReadString()), reader.ReadInt32());
        return parts;
    }

    /// <summary>One part's rows; throws naming the file when it is missing, damaged or holds other rows than the index says.</summary>
    public IReadOnlyList<SelectionRow> ReadPart(SelectionPart part)
    {
        var bytes = Read(part.File, PartKey(part.Index));
        var rows = new List<SelectionRow>(part.Rows);
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        // The checksum vouches for the bytes, so a mismatch here is a file written by another format, not damage.
        try
        {
            while (reader.BaseStream.Position < bytes.Length)
                rows.Add(new SelectionRow(reader.ReadString(), reader.ReadDouble(), reader.ReadInt64(), reader.ReadInt32(), reader.ReadInt32()));
        }
        catch (EndOfStreamException)
        {
            throw Untrusted($"the selection file {store.FullPath(part.File.Path)} ends inside a row");
        }
        if (rows.Count != part.Rows)
            throw Untrusted($"the selection file {store.FullPath(part.File.Path)} holds {rows.Count} rows, not the {part.Rows} its index records");
        return rows;
    }

    /// <summary>The parts in order, each read only when the one before has been taken: memory holds one part.</summary>
    public IEnumerable<IReadOnlyList<SelectionRow>> ReadParts(ColumnFileRef index)
    {
        foreach (var part in ReadIndex(index))
            yield return ReadPart(part);
    }

    private byte[] Read(ColumnFileRef file, string key) =>
        store.TryRead<byte>(file, key, expectedCount: null, out var problem) ?? throw Untrusted(problem!);

    private UserInputException Untrusted(string problem) =>
        new($"selection '{selectionId}': {problem}; run the selection again under another id");

    private string PartKey(int index) => $"selection|{selectionId}|part {index}";

    private string IndexKey => $"selection|{selectionId}|index";
}

/// <summary>One selected example as a selection file holds it; <see cref="Rank"/> is 1-based in <see cref="RankOrder"/>.</summary>
public sealed record SelectionRow(string ExampleId, double Score, long Tokens, int Shard, int Rank);

/// <summary>One part of a selection file: its position, its column file, and how many rows it holds.</summary>
public sealed record SelectionPart(int Index, ColumnFileRef File, int Rows);

/// <summary>A written selection file: its index's reference, its parts and its rows.</summary>
public sealed record SelectionFileRef(ColumnFileRef Index, int Parts, int Count);
