using System.Text;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Core.Data.UserData;

namespace OrleansSelect.Core.Tests.Data;

/// <summary>
/// The record parser reads a line in one pass without building a JSON document; these pin the
/// behaviours of the document-based parser it replaced, where a one-pass reader could drift.
/// </summary>
public class JsonlRecordReaderTests
{
    private static (PoolExample? Example, string? Error) Parse(string line) =>
        JsonlRecordReader.Parse(Encoding.UTF8.GetBytes(line), UserDataFormat.Pool);

    private static PoolExample Ok(string line)
    {
        var (example, error) = Parse(line);
        Assert.True(example is not null, $"expected an example, got: {error}");
        return example!;
    }

    [Fact]
    public void Fields_may_come_in_any_order()
    {
        var example = Ok("""{"task":"t","source":"s","response":"r","prompt":"p","id":"a"}""");
        Assert.Equal(new PoolExample("a", "p", "r", "s", "t"), example);
    }

    [Fact]
    public void Escaped_strings_and_escaped_keys_are_unescaped()
    {
        var example = Ok("""{"id":"a","pr\u006fmpt":"line\n\"q\" \u00e9 \ud83d\udc4d \/ \\","response":"r","source":"s","task":"t"}""");
        Assert.Equal("line\n\"q\" é 👍 / \\", example.Prompt);
    }

    [Fact]
    public void A_repeated_key_counts_by_its_last_value()
    {
        Assert.Equal("second", Ok("""{"id":"a","prompt":"first","prompt":"second","response":"r","source":"s","task":"t"}""").Prompt);
        Assert.Equal("second", Ok("""{"id":"a","prompt":5,"prompt":"second","response":"r","source":"s","task":"t"}""").Prompt);
        Assert.Equal(DropReasons.WrongType("prompt"), Parse("""{"id":"a","prompt":"first","prompt":5,"response":"r","source":"s","task":"t"}""").Error);
        Assert.Equal(DropReasons.MissingField("prompt"), Parse("""{"id":"a","prompt":"first","prompt":null,"response":"r","source":"s","task":"t"}""").Error);
    }

    [Fact]
    public void Keys_inside_nested_values_are_not_the_records_fields()
    {
        var example = Ok("""{"id":"a","meta":{"prompt":"nested","x":[1,{"response":"deep"}]},"prompt":"p","response":"r","source":"s","task":"t"}""");
        Assert.Equal(("p", "r"), (example.Prompt, example.Response));
        Assert.Equal(DropReasons.MissingField("prompt"), Parse("""{"id":"a","meta":{"prompt":"nested"},"response":"r","source":"s","task":"t"}""").Error);
    }

    [Theory]
    [InlineData("""{"id":"a","prompt":"p","response":"r","source":"s","task":"t"} trailing""")]
    [InlineData("""{"id":"a","prompt":"p","response":"r","source":"s","task":"t"}{"x":1}""")]
    [InlineData("""{"id":"a","prompt":"p","response":"r","source":"s","task":"t",}""")]
    [InlineData("""{"id":"a","prompt":"p",/*c*/"response":"r","source":"s","task":"t"}""")]
    [InlineData("""{"id":"a","prompt":"p","response":"r","source":"s","task":"t" """)]
    [InlineData("""{"id":"a","prompt":"\x","response":"r","source":"s","task":"t"}""")]
    [InlineData("""[1,""")]
    public void Malformed_json_is_reported_as_such_even_when_the_fields_came_first(string line) =>
        Assert.Equal(DropReasons.MalformedJson, Parse(line).Error);

    [Theory]
    [InlineData("""[{"id":"a","prompt":"p","response":"r","source":"s","task":"t"}]""")]
    [InlineData("\"string\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Well_formed_json_that_is_not_an_object_says_so(string line) =>
        Assert.Equal(DropReasons.MalformedJson + " (not an object)", Parse(line).Error);

    [Fact]
    public void An_escaped_lone_surrogate_is_malformed_json_not_a_crash() =>
        // The document-based parser threw InvalidOperationException here, out of the reader.
        Assert.Equal(DropReasons.MalformedJson, Parse("""{"id":"a","prompt":"\ud800","response":"r","source":"s","task":"t"}""").Error);

    [Fact]
    public void Nesting_deeper_than_64_levels_is_malformed_json()
    {
        string Nested(int depth) => """{"id":"a","prompt":"p","response":"r","source":"s","task":"t","deep":""" +
            new string('[', depth) + new string(']', depth) + "}";
        Assert.Equal("p", Ok(Nested(63)).Prompt);
        Assert.Equal(DropReasons.MalformedJson, Parse(Nested(64)).Error);
    }

    [Fact]
    public void Lines_of_any_length_come_back_whole_through_the_reused_buffer()
    {
        using var temp = new TempFolder();
        // Long lines grow the reader's line buffer; the short and CRLF lines after them must not see leftovers.
        var examples = new[] { 10, 20_000, 3, 70_000, 5 }
            .Select((size, i) => new PoolExample($"id{i}", new string((char)('a' + i), size), "r", "s", "t")).ToList();
        var lines = examples.Select((e, i) =>
            $$"""{"id":"{{e.Id}}","prompt":"{{e.Prompt}}","response":"r","source":"s","task":"t"}""" + (i % 2 == 0 ? "\r\n" : "\n"));
        var path = temp.File("pool.jsonl", string.Concat(lines));

        Assert.Equal(examples, PoolJsonl.Read(path).ToList());
    }
}
