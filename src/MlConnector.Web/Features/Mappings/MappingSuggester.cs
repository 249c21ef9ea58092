using System.Globalization;
using System.Text;

namespace MlConnector.Web.Features.Mappings;

/// <summary>A value on either side of a mapping, as the suggester sees it.</summary>
public sealed record MappingValue(string Id, string Code, string Name);

public sealed record MappingSuggestion(string TargetId, int Confidence, string Reason);

/// <summary>
/// Proposes an ERP target for each source value: the same code (100), the same name once case, punctuation and
/// legal suffixes are set aside (90), or a similar name (scaled by bigram similarity, at most 85). A tie between
/// candidates lowers the confidence, so bulk-accepting above a threshold never picks a coin toss.
/// Built once per target list; each lookup touches only targets that share a rare word with the source.
/// </summary>
public sealed class MappingSuggester
{
    private const double SimilarFloor = 0.72;
    private static readonly HashSet<string> Noise = new(StringComparer.Ordinal)
    {
        "inc", "incorporated", "llc", "llp", "ltd", "limited", "plc", "as", "asa", "ab", "gmbh", "corp", "corporation", "co", "company", "the", "and",
    };

    private readonly Dictionary<string, MappingValue> byCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<MappingValue>> byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> byWord = new(StringComparer.Ordinal);
    private readonly List<(MappingValue Value, HashSet<int> Bigrams)> targets = [];

    /// <param name="activeTargets">Only values that may be chosen: inactive or suspended ones are never suggested.</param>
    public MappingSuggester(IEnumerable<MappingValue> activeTargets)
    {
        foreach (var target in activeTargets)
        {
            foreach (var code in new[] { CodeKey(target.Id), CodeKey(target.Code) }.Where(c => c.Length > 0))
                byCode.TryAdd(code, target);
            var name = NameKey(target.Name);
            if (name.Length == 0) continue;
            if (!byName.TryGetValue(name, out var same)) byName[name] = same = [];
            same.Add(target);
            var index = targets.Count;
            targets.Add((target, Bigrams(name)));
            foreach (var word in name.Split(' ').Distinct())
            {
                if (!byWord.TryGetValue(word, out var list)) byWord[word] = list = [];
                list.Add(index);
            }
        }
    }

    public MappingSuggestion? Suggest(MappingValue source)
    {
        foreach (var code in new[] { CodeKey(source.Id), CodeKey(source.Code) }.Where(c => c.Length > 0))
        {
            if (byCode.TryGetValue(code, out var sameCode)) return new(sameCode.Id, 100, "Same code");
        }
        var name = NameKey(source.Name);
        if (name.Length == 0) return null;
        if (byName.TryGetValue(name, out var sameName))
            return sameName.Count == 1 ? new(sameName[0].Id, 90, "Same name") : new(sameName[0].Id, 50, $"Same name as {sameName.Count} values");
        return Similar(name);
    }

    private MappingSuggestion? Similar(string name)
    {
        // The two rarest words that targets use: common words ("software", "office") would make every target a candidate.
        var words = name.Split(' ').Distinct().Where(byWord.ContainsKey).OrderBy(w => byWord[w].Count).Take(2).ToList();
        if (words.Count == 0) return null;
        var bigrams = Bigrams(name);
        var (best, bestScore, runnerUp) = (-1, 0.0, 0.0);
        foreach (var index in words.SelectMany(w => byWord[w]).Distinct())
        {
            var score = Dice(bigrams, targets[index].Bigrams);
            if (score > bestScore) (best, bestScore, runnerUp) = (index, score, bestScore);
            else if (score > runnerUp) runnerUp = score;
        }
        if (best < 0 || bestScore < SimilarFloor) return null;
        var confidence = (int)Math.Round(bestScore * 85);
        var percent = ((int)Math.Round(bestScore * 100)).ToString(CultureInfo.InvariantCulture);
        // A close second means the name alone cannot decide.
        return bestScore - runnerUp < 0.05
            ? new(targets[best].Value.Id, Math.Min(confidence, 50), $"Similar name ({percent}%), another value is as close")
            : new(targets[best].Value.Id, confidence, $"Similar name ({percent}%)");
    }

    /// <summary>Codes compare without case, spaces or punctuation ("6410-00" = "641000").</summary>
    internal static string CodeKey(string code) =>
        new(code.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    /// <summary>Lower case, accents and punctuation removed, "&amp;" read as "and", legal suffixes and fillers dropped.</summary>
    internal static string NameKey(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name.Replace("&", " and ", StringComparison.Ordinal).Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            text.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }
        return string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !Noise.Contains(w)));
    }

    private static HashSet<int> Bigrams(string name)
    {
        var squashed = name.Replace(" ", "", StringComparison.Ordinal);
        var set = new HashSet<int>();
        for (var i = 0; i + 1 < squashed.Length; i++) set.Add(squashed[i] << 16 | squashed[i + 1]);
        return set;
    }

    private static double Dice(HashSet<int> a, HashSet<int> b)
    {
        if (a.Count == 0 || b.Count == 0) return 0;
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = small.Count(large.Contains);
        return 2.0 * shared / (a.Count + b.Count);
    }
}
