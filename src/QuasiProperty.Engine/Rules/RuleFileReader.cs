using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QuasiProperty.Time;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace QuasiProperty.Rules;

/// <summary>
/// Reads and checks rule files (<c>rules/&lt;rule_set&gt;/*.yaml</c>). Every problem names the file,
/// the line, the field, what is wrong and what is allowed, in words a committee secretary can act on.
/// </summary>
public static class RuleFileReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Loads every rule set under <paramref name="rulesDirectory"/>, or throws with every problem found.</summary>
    public static RuleBook Load(string rulesDirectory)
    {
        var problems = new List<InputProblem>();
        var versions = new List<RuleVersion>();
        if (!Directory.Exists(rulesDirectory))
        {
            throw new InvalidInputException(new InputProblem(rulesDirectory, 0, "folder", "the rules folder does not exist"));
        }

        foreach (var stray in Directory.EnumerateFiles(rulesDirectory).Where(IsRuleFile).Order(StringComparer.Ordinal))
        {
            problems.Add(new InputProblem(stray, 0, "file",
                "a rule file must sit in a folder named after its rule set, e.g. rules/chaoyangmen/v3.yaml"));
        }

        foreach (var setDirectory in Directory.EnumerateDirectories(rulesDirectory).Order(StringComparer.Ordinal))
        {
            var ruleSet = Path.GetFileName(setDirectory);
            var setVersions = new List<RuleVersion>();
            foreach (var file in Directory.EnumerateFiles(setDirectory).Where(IsRuleFile).Order(StringComparer.Ordinal))
            {
                if (Read(file, ruleSet, problems) is { } version) setVersions.Add(version);
            }
            problems.AddRange(UsedVersions.Check(setDirectory, setVersions));
            versions.AddRange(setVersions);
        }

        CheckVersionsAgree(versions, problems);
        if (versions.Count == 0 && problems.Count == 0)
        {
            problems.Add(new InputProblem(rulesDirectory, 0, "folder", "no rule files found; expected rules/<rule_set>/<name>.yaml"));
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return new RuleBook(versions);
    }

    /// <summary>Reads one rule file; returns null and adds to <paramref name="problems"/> when it is invalid.</summary>
    public static RuleVersion? Read(string file, string? expectedRuleSet, List<InputProblem> problems)
    {
        var bytes = File.ReadAllBytes(file);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            problems.Add(new InputProblem(file, 0, "file", "is not UTF-8 text; save it as UTF-8"));
            return null;
        }

        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text.TrimStart('\uFEFF')));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                problems.Add(new InputProblem(file, 0, "file", "must hold exactly one YAML mapping of rule fields"));
                return null;
            }
            root = mapping;
        }
        catch (YamlException e)
        {
            // The end of the reported span is the line that broke the structure (a tab, a stray key).
            problems.Add(new InputProblem(file, e.End.Line, "file", $"is not valid YAML: {e.InnerException?.Message ?? e.Message}"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on an unclosed [ or { (aaubry/YamlDotNet#541).
            problems.Add(new InputProblem(file, 0, "file", "is not valid YAML: a [ or { is never closed"));
            return null;
        }

        var count = problems.Count;
        var fields = new Fields(file, root, "", problems);
        var version = ParseVersion(fields, sha256, file);
        fields.RejectUnknown();
        if (expectedRuleSet is not null && version is not null && version.RuleSet != expectedRuleSet)
        {
            problems.Add(new InputProblem(file, fields.LineOf("rule_set"), "rule_set",
                $"is '{version.RuleSet}' but the file is in the folder '{expectedRuleSet}'; they must be the same"));
        }
        return problems.Count == count ? version : null;
    }

    private static bool IsRuleFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static RuleVersion? ParseVersion(Fields f, string sha256, string file)
    {
        var ruleSet = f.Text("rule_set");
        var version = f.Integer("version", 1, int.MaxValue, "a whole number, 1 or more");
        var effectiveFrom = f.Quarter("effective_from");
        var adoptedOn = f.Date("adopted_on");
        var adoptedBy = f.Text("adopted_by");
        var note = f.Text("note", required: false);

        var weights = ParseWeights(f.Section("weights"));
        var satisfaction = ParseSatisfaction(f.Section("satisfaction"));
        var committee = f.Section("committee") is { } c ? ParseCommittee(c) : null;
        var grid = f.Section("grid") is { } g ? ParseGrid(g) : null;
        var payout = f.Section("payout") is { } p ? ParsePayout(p) : null;

        if (ruleSet is null || version is null || effectiveFrom is null || adoptedOn is null || adoptedBy is null
            || weights is null || satisfaction is null || committee is null || grid is null || payout is null)
        {
            return null;
        }
        return new RuleVersion(ruleSet, version.Value, effectiveFrom.Value, adoptedOn.Value, adoptedBy, note,
            weights, satisfaction, committee, grid, payout, sha256, file);
    }

    private static ComponentWeights? ParseWeights(Fields? f)
    {
        if (f is null) return null;
        var s = f.Positive("satisfaction");
        var c = f.Positive("committee");
        var g = f.Positive("grid");
        f.RejectUnknown();
        if (s is null || c is null || g is null) return null;
        if (s + c + g != 1m)
        {
            f.Problem(f.Line, "", $"the three weights must add up to exactly 1; they add up to {Show(s.Value + c.Value + g.Value)}");
            return null;
        }
        return new ComponentWeights(s.Value, c.Value, g.Value);
    }

    private static SatisfactionRules? ParseSatisfaction(Fields? f)
    {
        if (f is null) return null;
        var items = f.Section("items");
        var minResponses = f.Integer("min_responses", 1, int.MaxValue, "a whole number, 1 or more");
        f.RejectUnknown();
        if (items is null) return null;

        var weights = SatisfactionRules.Items.Select(name => items.Positive(name)).ToArray();
        items.RejectUnknown();
        if (weights.Any(w => w is null) || minResponses is null) return null;
        var sum = weights.Sum(w => w!.Value);
        if (sum != 1m)
        {
            items.Problem(items.Line, "", $"the item weights must add up to exactly 1; they add up to {Show(sum)}");
            return null;
        }
        return new SatisfactionRules(weights.Select(w => w!.Value).ToArray(), minResponses.Value);
    }

    private static CommitteeRules? ParseCommittee(Fields f)
    {
        var penalty = f.Decimal("unresolved_penalty", min: 0m, allowed: "a number, 0 or more");
        f.RejectUnknown();
        return penalty is null ? null : new CommitteeRules(penalty.Value);
    }

    private static GridRules? ParseGrid(Fields f)
    {
        var categories = f.TextList("categories");
        var full = f.Decimal("full_marks_rate", min: 0m, allowed: "a number, 0 or more");
        var zero = f.Decimal("zero_marks_rate", min: 0m, allowed: "a number greater than full_marks_rate");
        var overdue = f.Decimal("overdue_weight", min: 1m, allowed: "a number, 1 or more");
        f.RejectUnknown();
        if (full is not null && zero is not null && zero <= full)
        {
            f.Problem(f.LineOf("zero_marks_rate"), "zero_marks_rate",
                $"must be greater than full_marks_rate ({Show(full.Value)}); it is {Show(zero.Value)}");
            return null;
        }
        return categories is null || full is null || zero is null || overdue is null
            ? null
            : new GridRules(categories, full.Value, zero.Value, overdue.Value);
    }

    private static PayoutRules? ParsePayout(Fields f)
    {
        var minMonths = f.Integer("min_assessed_months", 1, 3, "1, 2 or 3");
        var unassessable = f.Ratio("unassessable_pay_ratio");
        var bands = ParseBands(f);
        MonthFloor? floor = null;
        var floorOk = true;
        if (f.Section("month_floor", required: false) is { } mf)
        {
            var below = mf.Decimal("score_below", min: 0m, max: 100m, allowed: "a score from 0 to 100");
            var cap = mf.Ratio("max_pay_ratio");
            mf.RejectUnknown();
            floorOk = below is not null && cap is not null;
            if (floorOk) floor = new MonthFloor(below!.Value, cap!.Value);
        }
        f.RejectUnknown();
        return minMonths is null || unassessable is null || bands is null || !floorOk
            ? null
            : new PayoutRules(minMonths.Value, unassessable.Value, bands, floor);
    }

    private static PayBand[]? ParseBands(Fields f)
    {
        var list = f.Sequence("bands");
        if (list is null) return null;
        var bands = new List<PayBand>();
        var ok = true;
        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = $"bands[{i + 1}]";
            if (list.Children[i] is not YamlMappingNode mapping)
            {
                f.Problem(list.Children[i].Start.Line, path, "each band must be written as {min_score: N, pay_ratio: R}");
                ok = false;
                continue;
            }
            var band = f.Nested(mapping, path);
            var min = band.Decimal("min_score", min: 0m, max: 100m, allowed: "a score from 0 to 100");
            var ratio = band.Ratio("pay_ratio");
            band.RejectUnknown();
            if (min is null || ratio is null)
            {
                ok = false;
                continue;
            }
            if (bands.Count > 0 && min >= bands[^1].MinScore)
            {
                band.Problem(mapping.Start.Line, "min_score",
                    $"bands must be listed from the highest min_score down, each strictly lower; {Show(min.Value)} follows {Show(bands[^1].MinScore)}");
                ok = false;
            }
            bands.Add(new PayBand(min.Value, ratio.Value));
        }
        if (ok && bands.Count == 0)
        {
            f.Problem(list.Start.Line, "bands", "needs at least one band; the last one must have min_score 0");
            return null;
        }
        if (ok && bands[^1].MinScore != 0m)
        {
            f.Problem(list.Children[^1].Start.Line, $"bands[{bands.Count}].min_score",
                $"the last band must have min_score 0 so that every score has a band; it is {Show(bands[^1].MinScore)}");
            return null;
        }
        return ok ? bands.ToArray() : null;
    }

    private static void CheckVersionsAgree(List<RuleVersion> versions, List<InputProblem> problems)
    {
        foreach (var set in versions.GroupBy(v => v.RuleSet, StringComparer.Ordinal))
        {
            foreach (var clash in set.GroupBy(v => v.Version).Where(g => g.Count() > 1))
            {
                var files = clash.Select(v => v.SourceFile).Order(StringComparer.Ordinal).ToArray();
                problems.Add(new InputProblem(files[^1], 0, "version",
                    $"version {clash.Key} of rule set '{set.Key}' is also in {string.Join(", ", files[..^1])}; every version needs its own number"));
            }
            foreach (var clash in set.GroupBy(v => v.EffectiveFrom).Where(g => g.Count() > 1))
            {
                var files = clash.Select(v => v.SourceFile).Order(StringComparer.Ordinal).ToArray();
                problems.Add(new InputProblem(files[^1], 0, "effective_from",
                    $"{clash.Key} is also the effective_from of {string.Join(", ", files[..^1])}; only one version of '{set.Key}' can start in a quarter"));
            }
        }
    }

    private static string Show(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Walks one YAML mapping, remembering which keys were read so unknown ones can be reported.</summary>
    private sealed class Fields(string file, YamlMappingNode node, string prefix, List<InputProblem> problems, long? keyLine = null)
    {
        private readonly HashSet<string> known = new(StringComparer.Ordinal);

        /// <summary>The line of the key that opens this group (e.g. <c>weights:</c>).</summary>
        public long Line => keyLine ?? node.Start.Line;

        public Fields Nested(YamlMappingNode child, string path) => new(file, child, prefix + path + ".", problems, child.Start.Line);

        public void Problem(long line, string field, string message) =>
            problems.Add(new InputProblem(file, line, prefix + field is { Length: > 0 } name ? name.TrimEnd('.') : "file", message));

        public long LineOf(string key) => Find(key)?.Start.Line ?? node.Start.Line;

        public void RejectUnknown()
        {
            foreach (var (key, _) in node.Children)
            {
                var name = (key as YamlScalarNode)?.Value ?? "?";
                if (!known.Contains(name))
                {
                    Problem(key.Start.Line, name, $"is not a rule field here; allowed: {string.Join(", ", known)}");
                }
            }
        }

        public Fields? Section(string key, bool required = true)
        {
            var value = Get(key, required);
            if (value is null) return null;
            if (value is YamlMappingNode mapping) return new Fields(file, mapping, prefix + key + ".", problems, KeyLineOf(key));
            Problem(value.Start.Line, key, "must be a group of fields (a YAML mapping)");
            return null;
        }

        public YamlSequenceNode? Sequence(string key)
        {
            var value = Get(key, required: true);
            if (value is null) return null;
            if (value is YamlSequenceNode sequence) return sequence;
            Problem(value.Start.Line, key, "must be a list");
            return null;
        }

        public string? Text(string key, bool required = true)
        {
            var scalar = Scalar(key, required);
            if (scalar is null) return null;
            if (string.IsNullOrWhiteSpace(scalar.Value))
            {
                if (required) Problem(scalar.Start.Line, key, "must not be empty");
                return null;
            }
            return scalar.Value.Trim();
        }

        public List<string>? TextList(string key)
        {
            var list = Sequence(key);
            if (list is null) return null;
            var values = new List<string>();
            foreach (var item in list.Children)
            {
                if (item is not YamlScalarNode { Value: { Length: > 0 } v } || string.IsNullOrWhiteSpace(v))
                {
                    Problem(item.Start.Line, key, "each entry must be a category name such as GARBAGE");
                    return null;
                }
                if (values.Contains(v.Trim(), StringComparer.Ordinal))
                {
                    Problem(item.Start.Line, key, $"lists {v.Trim()} twice");
                    return null;
                }
                values.Add(v.Trim());
            }
            if (values.Count == 0) Problem(list.Start.Line, key, "must list at least one category");
            return values.Count == 0 ? null : values;
        }

        public int? Integer(string key, int min, int max, string allowed)
        {
            var scalar = Scalar(key, required: true);
            if (scalar is null) return null;
            if (!int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                Problem(scalar.Start.Line, key, $"must be {allowed}; it is '{scalar.Value}'");
                return null;
            }
            return value;
        }

        public decimal? Decimal(string key, decimal min, string allowed, decimal max = decimal.MaxValue)
        {
            var scalar = Scalar(key, required: true);
            if (scalar is null) return null;
            if (!decimal.TryParse(scalar.Value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                || value < min || value > max)
            {
                Problem(scalar.Start.Line, key, $"must be {allowed}; it is '{scalar.Value}'");
                return null;
            }
            return value;
        }

        public decimal? Positive(string key)
        {
            var value = Decimal(key, min: 0m, allowed: "a number greater than 0");
            if (value == 0m)
            {
                Problem(LineOf(key), key, "must be a number greater than 0; it is 0");
                return null;
            }
            return value;
        }

        public decimal? Ratio(string key)
        {
            var value = Decimal(key, min: 0m, max: 1m, allowed: "a pay ratio greater than 0 and at most 1, such as 0.95");
            if (value == 0m)
            {
                Problem(LineOf(key), key, "must be a pay ratio greater than 0 and at most 1, such as 0.95; it is 0");
                return null;
            }
            return value;
        }

        public Quarter? Quarter(string key)
        {
            var scalar = Scalar(key, required: true);
            if (scalar is null) return null;
            if (Time.Quarter.TryParse(scalar.Value, out var quarter)) return quarter;
            Problem(scalar.Start.Line, key, $"must be a quarter written like 2025Q3 (versions switch at quarter boundaries); it is '{scalar.Value}'");
            return null;
        }

        public DateOnly? Date(string key)
        {
            var scalar = Scalar(key, required: true);
            if (scalar is null) return null;
            if (DateOnly.TryParseExact(scalar.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
            Problem(scalar.Start.Line, key, $"must be a date written like 2025-03-18; it is '{scalar.Value}'");
            return null;
        }

        private YamlScalarNode? Scalar(string key, bool required)
        {
            var value = Get(key, required);
            if (value is null) return null;
            if (value is YamlScalarNode scalar) return scalar;
            Problem(value.Start.Line, key, "must be a single value, not a list or group");
            return null;
        }

        private long KeyLineOf(string key) =>
            node.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: var v } && v == key)?.Start.Line ?? node.Start.Line;

        private YamlNode? Find(string key) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private YamlNode? Get(string key, bool required)
        {
            known.Add(key);
            var value = Find(key);
            if (value is null && required) Problem(Line, key, "is missing");
            if (value is YamlScalarNode { Value: null or "" or "~" or "null", Style: ScalarStyle.Plain } && !required) return null;
            return value;
        }
    }
}
