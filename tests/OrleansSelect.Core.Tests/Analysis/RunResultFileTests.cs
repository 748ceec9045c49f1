using OrleansSelect.Core.Analysis;
using OrleansSelect.Core.Tests.Data;
using Parquet;
using Parquet.Schema;

namespace OrleansSelect.Core.Tests.Analysis;

public class RunResultFileTests
{
    private static readonly RunResult[] Table =
    [
        Runs.Run("bm25", 0.1, 1.234567890123e14, 0.61, selectionFlops: 3e9, trainingFlops: 1e14),
        Runs.Run("perplexity", 0.05, 2e14, double.NaN, selector: "micro", seed: 7) with { Target = "user, \"quoted\" target", PoolTokens = 9_007_199_254 },
        Runs.Run("random", 1.0, 1e15, 0.8, trainingSize: "micro") with { WallSeconds = 1.0 / 3 },
    ];

    [Fact]
    public async Task A_table_written_as_csv_and_as_parquet_reads_back_equal_both_ways()
    {
        using var folder = new TempFolder();
        var csv = folder.Combine("results.csv");
        var parquet = folder.Combine("results.parquet");

        await RunResultFile.WriteAsync(csv, Table);
        await RunResultFile.WriteAsync(parquet, Table);

        Assert.Equal(Table, await RunResultFile.ReadAsync(csv));
        Assert.Equal(Table, await RunResultFile.ReadAsync(parquet));
        Assert.Equal(await RunResultFile.ReadAsync(csv), await RunResultFile.ReadAsync(parquet));
        Assert.Equal("PAR1"u8.ToArray(), File.ReadAllBytes(parquet)[..4]);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp")); // the atomic write left nothing behind
    }

    [Fact]
    public async Task The_parquet_columns_carry_the_csv_header_and_typed_values()
    {
        using var folder = new TempFolder();
        var parquet = folder.Combine("results.parquet");
        await RunResultFile.WriteAsync(parquet, Table);

        await using var reader = await ParquetReader.CreateAsync(parquet);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(RunResultColumns.Names, fields.Select(f => f.Name));
        Assert.Equal(typeof(long), fields.Single(f => f.Name == "tokens").ClrType);
        Assert.Equal(typeof(double), fields.Single(f => f.Name == "total_flops").ClrType);
        Assert.Equal(File.ReadLines(WriteCsv(folder)).First(), string.Join(',', fields.Select(f => f.Name)));
    }

    [Fact]
    public async Task A_parquet_table_missing_columns_names_them_in_one_sentence()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("short.parquet");
        var method = new DataField<string>("method");
        var fraction = new DataField<double>("fraction");
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(method, fraction), stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(method, new[] { "bm25" });
            await group.WriteAsync<double>(fraction, new[] { 0.1 });
        }

        var error = await Assert.ThrowsAsync<UserInputException>(() => RunResultFile.ReadAsync(path));

        Assert.Contains("short.parquet lacks the column(s) target, selector_size, selector_params", error.Message);
        Assert.Contains("wall_seconds of a sweep results table.", error.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_parquet_and_a_wrong_output_extension_are_one_sentence_each()
    {
        using var folder = new TempFolder();
        var notParquet = folder.File("fake.parquet", "target,method\n");

        var unreadable = await Assert.ThrowsAsync<UserInputException>(() => RunResultFile.ReadAsync(notParquet));
        var badOut = await Assert.ThrowsAsync<UserInputException>(() => RunResultFile.WriteAsync(folder.Combine("r.xlsx"), Table));

        Assert.Contains("fake.parquet is not a readable Parquet file", unreadable.Message);
        Assert.Equal($"--out {folder.Combine("r.xlsx")} must end in .csv or .parquet, the two results formats written.", badOut.Message);
        Assert.False(File.Exists(folder.Combine("r.xlsx")));
    }

    private static string WriteCsv(TempFolder folder)
    {
        var path = folder.Combine("header.csv");
        RunResultCsv.Write(path, Table);
        return path;
    }
}
