using System.Security.Cryptography;
using OrleansSelect.Core.IO;
using OrleansSelect.Core.Tests.Data;

namespace OrleansSelect.Core.Tests.IO;

/// <summary>A column file gives back exactly what was written, and any damage to it is found, never read as values.</summary>
public class ColumnFileTests
{
    private const string Key = "bm25[k1=1.5]|none|abc|-|-";

    private static byte[] Written<T>(string key, T[] values, out string sha256) where T : unmanaged
    {
        using var stream = new MemoryStream();
        sha256 = ColumnFile.Write<T>(stream, key, values);
        return stream.ToArray();
    }

    private static ColumnRead<T> Read<T>(byte[] bytes, string key, long? count) where T : unmanaged =>
        ColumnFile.Read<T>(new MemoryStream(bytes), key, count);

    [Fact]
    public void Scores_and_token_counts_come_back_bit_for_bit_with_the_checksum_the_file_ends_with()
    {
        double[] scores = [0.5, -1.25, double.MaxValue, double.Epsilon, double.NaN, double.NegativeInfinity, 1.0 / 3];
        var bytes = Written(Key, scores, out var sha);
        var read = Read<double>(bytes, Key, scores.Length);
        Assert.Equal(scores.Select(BitConverter.DoubleToInt64Bits), read.Values.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(sha, read.Sha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32))), sha);

        int[] counts = [0, 17, int.MaxValue, 3];
        var countBytes = Written("tokens|micro", counts, out _);
        Assert.Equal(counts, Read<int>(countBytes, "tokens|micro", counts.Length).Values);
        // 24 bytes of header, the key, 4 bytes a count, 32 of checksum: nothing else.
        Assert.Equal(24 + "tokens|micro".Length + 4 * counts.Length + 32, countBytes.Length);
    }

    [Fact]
    public void A_blob_of_bytes_of_any_length_round_trips_when_no_count_is_expected()
    {
        var json = "{\"DocumentCount\":300}"u8.ToArray();
        var bytes = Written("bm25[k1=1.5]|abc", json, out _);
        Assert.Equal(json, Read<byte>(bytes, "bm25[k1=1.5]|abc", null).Values);
        Assert.Contains("checksum", Assert.Throws<ColumnFileException>(() => Read<byte>([.. bytes[..^33], 0, .. bytes[^32..]], "bm25[k1=1.5]|abc", null)).Message);
    }

    [Fact]
    public void An_empty_column_round_trips()
    {
        var bytes = Written(Key, Array.Empty<double>(), out _);
        Assert.Empty(Read<double>(bytes, Key, 0).Values);
    }

    [Fact]
    public void A_file_cut_short_anywhere_is_refused_as_truncated()
    {
        var bytes = Written(Key, Enumerable.Range(0, 50).Select(i => i * 0.1).ToArray(), out _);
        for (int length = 0; length < bytes.Length; length++)
            Assert.Contains("truncated", Assert.Throws<ColumnFileException>(() => Read<double>(bytes[..length], Key, 50)).Message);
        Assert.Equal("it is truncated (it ends inside its checksum)", Assert.Throws<ColumnFileException>(() => Read<double>(bytes[..^1], Key, 50)).Message);
    }

    [Fact]
    public void A_single_flipped_bit_anywhere_in_the_file_is_found()
    {
        var bytes = Written(Key, Enumerable.Range(0, 20).Select(i => i * 0.5).ToArray(), out _);
        for (int position = 0; position < bytes.Length; position++)
        {
            var damaged = bytes.ToArray();
            damaged[position] ^= 0x10;
            Assert.Throws<ColumnFileException>(() => Read<double>(damaged, Key, 20));
        }
        // In the values, it is the checksum that finds it.
        var flipped = bytes.ToArray();
        flipped[bytes.Length - 32 - 3] ^= 0x01;
        Assert.Equal("its checksum does not match its bytes", Assert.Throws<ColumnFileException>(() => Read<double>(flipped, Key, 20)).Message);
    }

    [Fact]
    public void A_file_written_for_another_key_count_or_type_is_refused_saying_which()
    {
        var bytes = Written(Key, new[] { 1.0, 2.0 }, out _);
        Assert.Contains("written for 'bm25[k1=1.5]|none|abc|-|-', not 'other'",
            Assert.Throws<ColumnFileException>(() => Read<double>(bytes, "other", 2)).Message);
        Assert.Contains("holds 2 values, not the 3 expected", Assert.Throws<ColumnFileException>(() => Read<double>(bytes, Key, 3)).Message);
        Assert.Contains("element type", Assert.Throws<ColumnFileException>(() => Read<int>(bytes, Key, 2)).Message);
        Assert.Contains("after its checksum", Assert.Throws<ColumnFileException>(() => Read<double>([.. bytes, 0], Key, 2)).Message);
        Assert.Contains("not an OrleansSelect column file", Assert.Throws<ColumnFileException>(() => Read<double>("{\"Values\":[1,2]}"u8.ToArray(), Key, 2)).Message);
    }

    [Fact]
    public void The_store_names_files_by_their_content_and_gives_back_null_with_the_path_for_a_missing_damaged_or_replaced_file()
    {
        using var temp = new TempFolder();
        var store = new ColumnFileStore(temp.Path);
        var file = store.Write<double>("shard", "scores", Key, [1.0, 2.0, 3.0]);
        var full = store.FullPath(file.Path);
        Assert.StartsWith(temp.Path, full);
        Assert.EndsWith($"-{file.Sha256[..16]}.bin", full);
        Assert.Equal([1.0, 2.0, 3.0], store.TryRead<double>(file, Key, 3, out var none)!);
        Assert.Null(none);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(full)!)); // no temporary file left behind

        // Another valid file under the recorded name is not the one recorded.
        var other = store.Write<double>("shard", "scores", Key, [1.0, 2.0, 4.0]);
        File.Copy(store.FullPath(other.Path), full, overwrite: true);
        Assert.Null(store.TryRead<double>(file, Key, 3, out var replaced));
        Assert.Contains(full, replaced);
        Assert.Contains($"not the {file.Sha256} recorded", replaced);

        File.WriteAllBytes(full, File.ReadAllBytes(store.FullPath(other.Path))[..60]);
        Assert.Null(store.TryRead<double>(file, Key, 3, out var truncated));
        Assert.Equal($"the column file {full} cannot be trusted: it is truncated (it ends inside its values)", truncated);

        File.Delete(full);
        Assert.Null(store.TryRead<double>(file, Key, 3, out var missing));
        Assert.Equal($"the column file {full} is missing", missing);
    }
}
