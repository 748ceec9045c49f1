using OrleansSelect.Core.IO;
using OrleansSelect.Core.Selection;
using OrleansSelect.Core.Tests.Data;

namespace OrleansSelect.Core.Tests.Selection;

/// <summary>A selection file gives back every row in order, one part at a time, and a damaged or missing part is refused by name.</summary>
public class SelectionFileTests
{
    private static List<SelectionRow> Rows(int n) =>
        Enumerable.Range(0, n).Select(i => new SelectionRow($"ex-{i:D4}-é", 1.0 / (i + 1), 10 + i, i % 3, n - i)).ToList();

    [Fact]
    public void Rows_come_back_in_order_in_parts_of_the_given_size()
    {
        using var folder = new TempFolder();
        var file = new SelectionFile(new ColumnFileStore(folder.Path), "sel-1");
        var rows = Rows(23);
        var written = file.Write(rows, partRows: 5);

        Assert.Equal((5, 23), (written.Parts, written.Count));
        var parts = file.ReadParts(written.Index).ToList();
        Assert.Equal([5, 5, 5, 5, 3], parts.Select(p => p.Count));
        Assert.Equal(rows, parts.SelectMany(p => p));
        Assert.Equal([5, 5, 5, 5, 3], file.ReadIndex(written.Index).Select(p => p.Rows));
    }

    [Fact]
    public void An_empty_selection_has_no_parts()
    {
        using var folder = new TempFolder();
        var file = new SelectionFile(new ColumnFileStore(folder.Path), "empty");
        var written = file.Write([], partRows: 5);
        Assert.Equal((0, 0), (written.Parts, written.Count));
        Assert.Empty(file.ReadParts(written.Index));
    }

    [Fact]
    public void Parts_are_read_lazily_so_a_reader_holds_one_at_a_time()
    {
        using var folder = new TempFolder();
        var store = new ColumnFileStore(folder.Path);
        var file = new SelectionFile(store, "lazy");
        var written = file.Write(Rows(12), partRows: 4);
        var last = file.ReadIndex(written.Index)[^1];

        using var parts = file.ReadParts(written.Index).GetEnumerator();
        Assert.True(parts.MoveNext());
        Assert.Equal(4, parts.Current.Count);
        // The last part is not read until asked for: deleting it now fails only the read that reaches it.
        File.Delete(store.FullPath(last.File.Path));
        Assert.True(parts.MoveNext());
        var error = Assert.Throws<UserInputException>(() => parts.MoveNext());
        Assert.Contains(store.FullPath(last.File.Path), error.Message);
        Assert.Contains("is missing", error.Message);
        Assert.Contains("selection 'lazy'", error.Message);
    }

    [Fact]
    public void A_bit_flipped_or_truncated_part_or_index_is_refused_naming_the_file()
    {
        using var folder = new TempFolder();
        var store = new ColumnFileStore(folder.Path);
        var file = new SelectionFile(store, "damaged");
        var written = file.Write(Rows(10), partRows: 4);
        var parts = file.ReadIndex(written.Index);

        var flipped = store.FullPath(parts[0].File.Path);
        var bytes = File.ReadAllBytes(flipped);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(flipped, bytes);
        var error = Assert.Throws<UserInputException>(() => file.ReadPart(parts[0]));
        Assert.Contains(flipped, error.Message);
        Assert.Contains("checksum does not match", error.Message);

        var truncated = store.FullPath(parts[1].File.Path);
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..^7]);
        error = Assert.Throws<UserInputException>(() => file.ReadPart(parts[1]));
        Assert.Contains(truncated, error.Message);
        Assert.Contains("truncated", error.Message);

        var index = store.FullPath(written.Index.Path);
        File.WriteAllBytes(index, File.ReadAllBytes(index)[..^1]);
        error = Assert.Throws<UserInputException>(() => file.ReadIndex(written.Index));
        Assert.Contains(index, error.Message);
    }

    [Fact]
    public void A_part_of_another_selection_or_another_position_is_refused()
    {
        using var folder = new TempFolder();
        var store = new ColumnFileStore(folder.Path);
        var written = new SelectionFile(store, "one").Write(Rows(8), partRows: 4);
        var parts = new SelectionFile(store, "one").ReadIndex(written.Index);

        Assert.Contains("written for 'selection|one|index'", Assert.Throws<UserInputException>(() => new SelectionFile(store, "two").ReadIndex(written.Index)).Message);
        // The second part where the first is expected: right checksum, wrong place.
        Assert.Contains("not 'selection|one|part 0'", Assert.Throws<UserInputException>(() =>
            new SelectionFile(store, "one").ReadPart(parts[0] with { File = parts[1].File })).Message);
    }
}
