using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace OrleansSelect.Core.Data;

/// <summary>
/// Refuses a file that gives two examples the same id, naming the id and where each one is:
/// selection ranks examples by id, so a repeated one cannot be told apart from its twin. Ids are
/// compared by a 128-bit hash (two different ids share one with odds far below one in 10^18 even
/// for a billion ids). The first <see cref="DefaultInMemoryLimit"/> ids are checked in memory as they
/// come; past that every id goes to one of 256 bucket files by its hash's first byte, and
/// <see cref="Check"/> checks them a bucket at a time (a bucket too large is split again by the next
/// byte), so memory stays a few megabytes whatever the pool's size: a dictionary of every id's hash
/// took 100 MB of ingest's peak at a million examples. The temporary files go when this is disposed.
/// </summary>
public sealed class UniqueIds(string path, string unit = "line", string? hint = null,
    int inMemoryLimit = UniqueIds.DefaultInMemoryLimit, long maxBucketBytes = UniqueIds.DefaultMaxBucketBytes) : IDisposable
{
    public const int DefaultInMemoryLimit = 1 << 16;

    /// <summary>About 200,000 ids: what one bucket may hold before it is split rather than read whole.</summary>
    public const long DefaultMaxBucketBytes = 8 << 20;

    private const int Buckets = 256;

    private Dictionary<UInt128, (long Position, string Id)>? _inMemory = [];
    private string? _folder;
    private BinaryWriter[]? _buckets;

    /// <param name="position">The 1-based line (or row) of the example in the file.</param>
    public void Add(string id, long position)
    {
        // The UTF-16 code units, exactly as ids compare (ordinal).
        var key = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(id.AsSpan()));
        if (_inMemory is not null)
        {
            if (!_inMemory.TryAdd(key, (position, id)))
                throw Repeated(id, _inMemory[key].Position, position);
            if (_inMemory.Count > inMemoryLimit)
                Spill();
            return;
        }
        Write(_buckets![BucketOf(key, 0)], key, position, id);
    }

    /// <summary>
    /// Checks the ids that went to disk (those kept in memory were checked as they came); throws for
    /// the repeat whose second occurrence comes first in the file. Call it once every id is added.
    /// </summary>
    public void Check()
    {
        if (_buckets is null)
            return;
        foreach (var bucket in _buckets)
            bucket.Dispose();
        _buckets = null;
        (string Id, long First, long Second)? earliest = null;
        for (int b = 0; b < Buckets; b++)
            if (FirstRepeat(BucketPath(_folder!, b), depth: 0) is { } repeat && (earliest is null || repeat.Second < earliest.Value.Second))
                earliest = repeat;
        if (earliest is { } found)
            throw Repeated(found.Id, found.First, found.Second);
    }

    public void Dispose()
    {
        if (_buckets is not null)
            foreach (var bucket in _buckets)
                bucket.Dispose();
        if (_folder is not null)
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private void Spill()
    {
        _folder = Directory.CreateTempSubdirectory("orleansselect-ids-").FullName;
        _buckets = Enumerable.Range(0, Buckets).Select(b => Open(BucketPath(_folder, b))).ToArray();
        // In the order they came, so within a bucket a first occurrence is always read before its repeat.
        foreach (var (key, (position, id)) in _inMemory!.OrderBy(p => p.Value.Position))
            Write(_buckets[BucketOf(key, 0)], key, position, id);
        _inMemory = null;
    }

    /// <summary>The bucket's first repeat in file order, reading it whole when small, else splitting it by the next byte of the hash.</summary>
    private (string Id, long First, long Second)? FirstRepeat(string bucketPath, int depth)
    {
        if (new FileInfo(bucketPath).Length > maxBucketBytes && depth < 15)
        {
            var parts = Enumerable.Range(0, Buckets).Select(b => Open($"{bucketPath}.{b}")).ToArray();
            foreach (var (key, position, id) in Read(bucketPath))
                Write(parts[BucketOf(key, depth + 1)], key, position, id);
            foreach (var part in parts)
                part.Dispose();
            File.Delete(bucketPath);
            (string, long, long Second)? earliest = null;
            for (int b = 0; b < Buckets; b++)
                if (FirstRepeat($"{bucketPath}.{b}", depth + 1) is { } repeat && (earliest is null || repeat.Second < earliest.Value.Second))
                    earliest = repeat;
            return earliest;
        }
        var firstSeen = new Dictionary<UInt128, long>();
        foreach (var (key, position, id) in Read(bucketPath))
            if (!firstSeen.TryAdd(key, position))
                return (id, firstSeen[key], position);
        return null;
    }

    private static int BucketOf(UInt128 key, int depth) => (int)(byte)(key >> (120 - 8 * depth));

    private static string BucketPath(string folder, int bucket) => Path.Combine(folder, bucket.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));

    private static BinaryWriter Open(string file) =>
        new(new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 4096));

    private static void Write(BinaryWriter bucket, UInt128 key, long position, string id)
    {
        bucket.Write((ulong)(key >> 64));
        bucket.Write((ulong)key);
        bucket.Write(position);
        bucket.Write(id);
    }

    private static IEnumerable<(UInt128 Key, long Position, string Id)> Read(string file)
    {
        using var reader = new BinaryReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 65536));
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            var key = new UInt128(reader.ReadUInt64(), reader.ReadUInt64());
            yield return (key, reader.ReadInt64(), reader.ReadString());
        }
    }

    private UserInputException Repeated(string id, long first, long second) => new(
        $"File '{path}' repeats example id '{id}' on {unit}s {first} and {second}; " +
        (hint ?? "every example needs its own id."));
}
