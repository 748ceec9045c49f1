using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Core.Data.UserData;
using Parquet;
using Parquet.Schema;

namespace OrleansSelect.Core.Tests.Data;

public class UserDataImportTests
{
    [Fact]
    public async Task Jsonl_with_other_field_names_maps_onto_examples()
    {
        using var temp = new TempFolder();
        var input = temp.File("qa.jsonl",
            "{\"question\":\"2+2?\",\"answer\":\" 4\",\"origin\":\"math\"}\n" +
            "{\"question\":\"Capital of France?\",\"answer\":\" Paris\",\"origin\":\"geo\"}\n" +
            "{\"answer\":\" none\",\"origin\":\"geo\"}\n");
        var format = new UserDataFormat { PromptField = "question", ResponseField = "answer", SourceField = "origin", DefaultTask = "qa" };

        var result = await UserDataImporter.ImportAsync(input, format, temp.Combine("pool.jsonl"), strict: false);

        var pool = PoolJsonl.Read(temp.Combine("pool.jsonl")).ToList();
        Assert.Equal(2, result.Examples);
        Assert.Equal(new PoolExample(ExampleIds.For("2+2?", " 4"), "2+2?", " 4", "math", "qa"), pool[0]);
        Assert.Equal("geo", pool[1].Source);
        var dropped = Assert.Single(result.Drops.Entries);
        Assert.Equal(DropReasons.MissingField("question"), dropped.Reason);
        Assert.Equal($"{input}:3", Assert.Single(dropped.Samples));
    }

    [Fact]
    public async Task Text_only_records_become_prompts_with_empty_responses_and_keep_given_ids()
    {
        using var temp = new TempFolder();
        var input = temp.File("docs.jsonl", "{\"doc\":\"d1\",\"body\":\"Some text.\"}\n{\"doc\":\"d2\",\"body\":\"More text.\"}\n");
        var format = new UserDataFormat { TextField = "body", IdField = "doc", DefaultSource = "web" };

        await UserDataImporter.ImportAsync(input, format, temp.Combine("pool.jsonl"), strict: true);

        var pool = PoolJsonl.Read(temp.Combine("pool.jsonl")).ToList();
        Assert.Equal([new PoolExample("d1", "Some text.", "", "web", "user"), new PoolExample("d2", "More text.", "", "web", "user")], pool);
    }

    [Fact]
    public async Task Strict_import_stops_at_the_first_bad_record_and_leaves_no_output()
    {
        using var temp = new TempFolder();
        var input = temp.File("bad.jsonl", "{\"prompt\":\"a\",\"response\":\"b\"}\n{not json}\n");

        var error = await Assert.ThrowsAsync<PoolFormatException>(() =>
            UserDataImporter.ImportAsync(input, new UserDataFormat(), temp.Combine("pool.jsonl"), strict: true));

        Assert.Equal(2, error.Line);
        Assert.False(File.Exists(temp.Combine("pool.jsonl")));
    }

    private static async Task WriteParquetAsync(string path, params (string Name, string?[] Values)[][] rowGroups)
    {
        var fields = rowGroups[0].Select(c => new DataField<string>(c.Name)).ToArray();
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        foreach (var group in rowGroups)
        {
            using var rowGroup = writer.CreateRowGroup();
            for (var i = 0; i < fields.Length; i++) await rowGroup.WriteAsync(fields[i], group[i].Values!);
        }
    }

    [Fact]
    public async Task Parquet_with_configured_columns_streams_every_row_group()
    {
        using var temp = new TempFolder();
        var input = temp.Combine("pool.parquet");
        await WriteParquetAsync(input,
            [("instruction", ["Say hi", "Count to 2"]), ("output", [" hi", " 1 2"]), ("kind", ["chat", "math"])],
            [("instruction", ["Say bye", null]), ("output", [" bye", " x"]), ("kind", ["chat", "chat"])]);
        var format = new UserDataFormat
        {
            Format = UserFileFormat.Parquet, PromptField = "instruction", ResponseField = "output", TaskField = "kind",
        };

        var result = await UserDataImporter.ImportAsync(input, format, temp.Combine("pool.jsonl"), strict: false);

        var pool = PoolJsonl.Read(temp.Combine("pool.jsonl")).ToList();
        Assert.Equal(["Say hi", "Count to 2", "Say bye"], pool.Select(e => e.Prompt));
        Assert.Equal(["chat", "math", "chat"], pool.Select(e => e.Task));
        Assert.All(pool, e => Assert.Equal("user", e.Source));
        Assert.Equal(3, result.Examples);
        // The null prompt is row 4 of the file (second row of the second row group).
        Assert.Equal($"{input}:4", Assert.Single(Assert.Single(result.Drops.Entries).Samples));
    }

    [Fact]
    public async Task A_repeated_id_stops_the_import_naming_the_id_and_both_lines_and_leaves_no_output()
    {
        using var temp = new TempFolder();
        var input = temp.File("docs.jsonl",
            "{\"doc\":\"d1\",\"body\":\"One.\"}\n{\"doc\":\"d2\",\"body\":\"Two.\"}\n{\"doc\":\"d1\",\"body\":\"Three.\"}\n");
        var format = new UserDataFormat { TextField = "body", IdField = "doc" };

        var error = await Assert.ThrowsAsync<UserInputException>(() =>
            UserDataImporter.ImportAsync(input, format, temp.Combine("pool.jsonl"), strict: false));

        Assert.Equal($"File '{input}' repeats example id 'd1' on lines 1 and 3; " +
                     "every record needs its own 'doc', or leave out --id-field to use content hashes.", error.Message);
        Assert.False(File.Exists(temp.Combine("pool.jsonl")));
    }

    [Fact]
    public async Task A_repeated_parquet_record_stops_the_import_naming_both_rows()
    {
        using var temp = new TempFolder();
        var input = temp.Combine("pool.parquet");
        await WriteParquetAsync(input,
            [("prompt", ["Say hi", "Count to 2"]), ("response", [" hi", " 1 2"])],
            [("prompt", [null, "Say hi"]), ("response", [" x", " hi"])]);
        var format = new UserDataFormat { Format = UserFileFormat.Parquet };

        var error = await Assert.ThrowsAsync<UserInputException>(() =>
            UserDataImporter.ImportAsync(input, format, temp.Combine("pool.jsonl"), strict: false));

        Assert.Contains($"repeats example id '{ExampleIds.For("Say hi", " hi")}' on rows 1 and 4; the two records have the same prompt and response", error.Message);
    }

    [Fact]
    public async Task Parquet_without_a_configured_column_names_the_column_and_the_ones_it_has()
    {
        using var temp = new TempFolder();
        var input = temp.Combine("pool.parquet");
        await WriteParquetAsync(input, [("text", ["a"])]);

        var error = await Assert.ThrowsAsync<UserInputException>(() => UserDataImporter.ImportAsync(input,
            new UserDataFormat { Format = UserFileFormat.Parquet, PromptField = "question" }, temp.Combine("out.jsonl"), strict: false));

        Assert.Contains("no column 'question'", error.Message);
        Assert.Contains("text", error.Message);
    }

    [Fact]
    public async Task Parquet_rows_over_the_size_limit_are_dropped()
    {
        using var temp = new TempFolder();
        var input = temp.Combine("pool.parquet");
        await WriteParquetAsync(input, [("text", ["short", new string('x', 100)])]);

        var result = await UserDataImporter.ImportAsync(input,
            new UserDataFormat { Format = UserFileFormat.Parquet, TextField = "text" }, temp.Combine("out.jsonl"), strict: false, maxRecordBytes: 50);

        Assert.Equal(1, result.Examples);
        Assert.StartsWith(DropReasons.TooLarge, Assert.Single(result.Drops.Entries).Reason);
    }

    [Fact]
    public async Task A_parquet_column_that_is_not_text_is_a_user_error_naming_it()
    {
        using var temp = new TempFolder();
        var input = temp.Combine("numbers.parquet");
        var field = new DataField<int>("n");
        await using (var stream = File.Create(input))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream))
        using (var rowGroup = writer.CreateRowGroup())
        {
            await rowGroup.WriteAsync(field, new ReadOnlyMemory<int>([1, 2]));
        }

        var error = await Assert.ThrowsAsync<UserInputException>(() => UserDataImporter.ImportAsync(input,
            new UserDataFormat { Format = UserFileFormat.Parquet, TextField = "n" }, temp.Combine("out.jsonl"), strict: false));

        Assert.Contains("Column 'n'", error.Message);
        Assert.Contains("not text", error.Message);
    }

    [Theory]
    [InlineData("jsonl", UserFileFormat.Jsonl)]
    [InlineData("Parquet", UserFileFormat.Parquet)]
    public void Formats_parse_by_name(string name, UserFileFormat expected) =>
        Assert.Equal(expected, UserDataFormat.ParseFormat(name));

    [Fact]
    public void An_unknown_format_is_a_user_error_naming_it() =>
        Assert.Contains("'csv'", Assert.Throws<UserInputException>(() => UserDataFormat.ParseFormat("csv")).Message);
}
