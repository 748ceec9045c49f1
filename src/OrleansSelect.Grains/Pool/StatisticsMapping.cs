using OrleansSelect.Abstractions;
using OrleansSelect.Core.Scoring;

namespace OrleansSelect.Grains.Pool;

/// <summary>Translates corpus statistics between the scorers' type and its wire form.</summary>
public static class StatisticsMapping
{
    public static CorpusStatisticsView ToView(this CorpusStatistics s) => new(s.DocumentCount, s.TotalLength, s.DocumentFrequency);

    public static CorpusStatistics ToCore(this CorpusStatisticsView v) =>
        new() { DocumentCount = v.DocumentCount, TotalLength = v.TotalLength, DocumentFrequency = v.DocumentFrequency };
}
