using System.Text.Json;
using OrleansSelect.Core.Scoring;

namespace OrleansSelect.Core.Tests.Scoring;

public class CorpusStatisticsTests
{
    [Fact]
    public void SumAddsCountsLengthsAndFrequenciesTermByTerm()
    {
        var a = new CorpusStatistics { DocumentCount = 3, TotalLength = 30, DocumentFrequency = { ["cat"] = 2, ["dog"] = 1 } };
        var b = new CorpusStatistics { DocumentCount = 0, TotalLength = 0 };
        var c = new CorpusStatistics { DocumentCount = 5, TotalLength = 12, DocumentFrequency = { ["cat"] = 4, ["mat"] = 5 } };

        var total = CorpusStatistics.Sum([a, b, c]);

        Assert.Equal(8, total.DocumentCount);
        Assert.Equal(42, total.TotalLength);
        Assert.Equal(42.0 / 8, total.AverageLength);
        Assert.Equal(new Dictionary<string, long> { ["cat"] = 6, ["dog"] = 1, ["mat"] = 5 }, total.DocumentFrequency);
        Assert.Equal(0, total.FrequencyOf("bird"));
        Assert.Equal(2, a.DocumentFrequency["cat"]);   // the inputs are left as they were
    }

    [Fact]
    public void AnEmptyCorpusHasAverageLengthZero() => Assert.Equal(0.0, new CorpusStatistics().AverageLength);

    [Fact]
    public void SurvivesAJsonRoundTrip()
    {
        var statistics = new CorpusStatistics { DocumentCount = 7, TotalLength = 99, DocumentFrequency = { ["cat"] = 3 } };
        var json = JsonSerializer.Serialize(statistics);
        var back = JsonSerializer.Deserialize<CorpusStatistics>(json)!;
        Assert.Equal((7L, 99L, 3L), (back.DocumentCount, back.TotalLength, back.FrequencyOf("cat")));
        Assert.DoesNotContain("AverageLength", json);
    }
}
