using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using QuasiProperty.Model;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Outputs;

/// <summary>
/// The full working of one contract's quarter as JSON: every component with its input counts,
/// the month scores, the band and floor that applied, and the deduction in money and words.
/// Money and scores are decimal strings, never binary floating point, so the document can be
/// signed and re-read without losing a cent. Property order is fixed; the bytes are deterministic.
/// </summary>
public static class AssessmentDocument
{
    public const string Schema = "quasiproperty.assessment/v1";

    public static string EngineVersion { get; } =
        typeof(AssessmentDocument).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // The documents are read by people in Chinese; they are never pasted into HTML unescaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };

    public static byte[] Write(QuarterAssessment a, Company company, DateTimeOffset asOf)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("engine_version", EngineVersion);
            w.WriteString("quarter", a.Quarter.ToString());
            w.WriteString("as_of", ChinaTime.Format(asOf));
            w.WriteString("input_digest", a.InputDigest);
            WriteContract(w, a, company);
            WriteRules(w, a.Rules);
            WriteDecision(w, a);
            w.WriteStartArray("months");
            foreach (var m in a.Months) WriteMonth(w, m);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteContract(Utf8JsonWriter w, QuarterAssessment a, Company company)
    {
        w.WriteStartObject("contract");
        w.WriteString("contract_id", a.Contract.Id);
        w.WriteString("company_id", company.Id);
        w.WriteString("company_name", company.Name);
        w.WriteString("community_id", a.Community.Id);
        w.WriteString("community_name", a.Community.Name);
        w.WriteNumber("households", a.Community.Households);
        w.WriteString("quarterly_fee", Numbers.Fixed2(a.Contract.QuarterlyFee));
        w.WriteString("start_quarter", a.Contract.Start.ToString());
        if (a.Contract.End is { } end) w.WriteString("end_quarter", end.ToString());
        else w.WriteNull("end_quarter");
        w.WriteEndObject();
    }

    private static void WriteRules(Utf8JsonWriter w, RuleVersion r)
    {
        w.WriteStartObject("rules");
        w.WriteString("rule_set", r.RuleSet);
        w.WriteNumber("version", r.Version);
        w.WriteString("sha256", r.Sha256);
        w.WriteString("effective_from", r.EffectiveFrom.ToString());
        w.WriteString("adopted_on", r.AdoptedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("adopted_by", r.AdoptedBy);
        if (r.Note is not null) w.WriteString("note", r.Note);
        else w.WriteNull("note");
        w.WriteStartObject("weights");
        w.WriteString("satisfaction", Numbers.Exact(r.Weights.Satisfaction));
        w.WriteString("committee", Numbers.Exact(r.Weights.Committee));
        w.WriteString("grid", Numbers.Exact(r.Weights.Grid));
        w.WriteEndObject();
        w.WriteStartObject("satisfaction");
        w.WriteStartObject("items");
        for (var i = 0; i < SatisfactionRules.Items.Count; i++) w.WriteString(SatisfactionRules.Items[i], Numbers.Exact(r.Satisfaction.ItemWeights[i]));
        w.WriteEndObject();
        w.WriteNumber("min_responses", r.Satisfaction.MinResponses);
        w.WriteEndObject();
        w.WriteStartObject("committee");
        w.WriteString("unresolved_penalty", Numbers.Exact(r.Committee.UnresolvedPenalty));
        w.WriteEndObject();
        w.WriteStartObject("grid");
        w.WriteStartArray("categories");
        foreach (var c in r.Grid.Categories) w.WriteStringValue(c);
        w.WriteEndArray();
        w.WriteString("full_marks_rate", Numbers.Exact(r.Grid.FullMarksRate));
        w.WriteString("zero_marks_rate", Numbers.Exact(r.Grid.ZeroMarksRate));
        w.WriteString("overdue_weight", Numbers.Exact(r.Grid.OverdueWeight));
        w.WriteEndObject();
        w.WriteStartObject("payout");
        w.WriteNumber("min_assessed_months", r.Payout.MinAssessedMonths);
        w.WriteString("unassessable_pay_ratio", Numbers.Ratio(r.Payout.UnassessablePayRatio));
        w.WriteStartArray("bands");
        foreach (var b in r.Payout.Bands)
        {
            w.WriteStartObject();
            w.WriteString("min_score", Numbers.Exact(b.MinScore));
            w.WriteString("pay_ratio", Numbers.Ratio(b.PayRatio));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (r.Payout.MonthFloor is { } floor)
        {
            w.WriteStartObject("month_floor");
            w.WriteString("score_below", Numbers.Exact(floor.ScoreBelow));
            w.WriteString("max_pay_ratio", Numbers.Ratio(floor.MaxPayRatio));
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("month_floor");
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteDecision(Utf8JsonWriter w, QuarterAssessment a)
    {
        w.WriteStartObject("decision");
        w.WriteString("status", LedgerCsv.StatusName(a.Status));
        w.WriteNumber("assessed_months", a.AssessedMonths);
        w.WriteNumber("min_assessed_months", a.Rules.Payout.MinAssessedMonths);
        WriteDecimalOrNull(w, "quarter_score", a.QuarterScore, Numbers.Fixed2);
        WriteDecimalOrNull(w, "quarter_score_exact", a.QuarterScoreExact, Numbers.Exact);
        if (a.Band is { } band)
        {
            w.WriteStartObject("band");
            w.WriteString("min_score", Numbers.Exact(band.MinScore));
            w.WriteString("pay_ratio", Numbers.Ratio(band.PayRatio));
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("band");
        }
        if (a.Floor is { } floor)
        {
            w.WriteStartObject("month_floor_applied");
            w.WriteString("score_below", Numbers.Exact(floor.Rule.ScoreBelow));
            w.WriteString("max_pay_ratio", Numbers.Ratio(floor.Rule.MaxPayRatio));
            w.WriteString("ratio_before_cap", Numbers.Ratio(floor.RatioBeforeCap));
            w.WriteStartArray("months_below");
            foreach (var m in floor.MonthsBelow) w.WriteStringValue(m.ToString());
            w.WriteEndArray();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("month_floor_applied");
        }
        w.WriteString("pay_ratio", Numbers.Ratio(a.PayRatio));
        w.WriteString("quarterly_fee", Numbers.Fixed2(a.Contract.QuarterlyFee));
        w.WriteString("payout", Numbers.Fixed2(a.Payout));
        w.WriteString("deduction", Numbers.Fixed2(a.Deduction));
        var decision = Explanation.Decision(a);
        w.WriteString("summary_zh", decision.Zh);
        w.WriteString("summary_en", decision.En);
        w.WriteStartArray("reasons");
        foreach (var reason in Explanation.Reasons(a))
        {
            w.WriteStartObject();
            w.WriteString("zh", reason.Zh);
            w.WriteString("en", reason.En);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteMonth(Utf8JsonWriter w, MonthAssessment m)
    {
        w.WriteStartObject();
        w.WriteString("month", m.Month.ToString());
        w.WriteBoolean("assessed", m.IsAssessed);
        WriteDecimalOrNull(w, "month_score", m.Score, Numbers.Fixed2);
        WriteDecimalOrNull(w, "month_score_exact", m.Score, Numbers.Exact);

        var s = m.Satisfaction;
        w.WriteStartObject("satisfaction");
        w.WriteBoolean("available", s.Score is not null);
        w.WriteBoolean("survey_file", s.SurveyFileExists);
        w.WriteNumber("valid_responses", s.ValidResponses);
        w.WriteNumber("empty_responses", s.EmptyResponses);
        w.WriteNumber("min_responses", s.MinResponses);
        WriteDecimalOrNull(w, "mean", s.Mean, Numbers.Exact);
        WriteDecimalOrNull(w, "score", s.Score, Numbers.Fixed2);
        w.WriteEndObject();

        if (m.Committee is { } c)
        {
            w.WriteStartObject("committee");
            w.WriteString("rating", Numbers.Exact(c.Rating));
            w.WriteNumber("issues_raised", c.IssuesRaised);
            w.WriteNumber("issues_unresolved", c.IssuesUnresolved);
            w.WriteString("unresolved_penalty", Numbers.Exact(c.Penalty));
            w.WriteString("score", Numbers.Fixed2(c.Score));
            w.WriteString("score_exact", Numbers.Exact(c.Score));
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("committee");
        }

        if (m.Grid is { } g)
        {
            w.WriteStartObject("grid");
            w.WriteNumber("incidents_counted", g.Incidents);
            w.WriteNumber("overdue", g.Overdue);
            w.WriteNumber("open", g.Open);
            w.WriteNumber("uncounted", g.Uncounted);
            w.WriteNumber("households", g.Households);
            w.WriteString("weighted", Numbers.Exact(g.Weighted));
            w.WriteString("rate", Numbers.Fixed2(g.Rate));
            w.WriteString("rate_exact", Numbers.Exact(g.Rate));
            w.WriteString("score", Numbers.Fixed2(g.Score));
            w.WriteString("score_exact", Numbers.Exact(g.Score));
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("grid");
        }
        w.WriteEndObject();
    }

    private static void WriteDecimalOrNull(Utf8JsonWriter w, string name, decimal? value, Func<decimal, string> format)
    {
        if (value is { } v) w.WriteString(name, format(v));
        else w.WriteNull(name);
    }
}
