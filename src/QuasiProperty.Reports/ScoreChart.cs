using System.Globalization;
using System.Text;
using QuasiProperty.Rules;
using QuasiProperty.Scoring;
using QuasiProperty.Time;

namespace QuasiProperty.Reports;

/// <summary>
/// The month scores and components of the last four quarters as an inline SVG: no script, no
/// external file, printable. Gaps are months without that figure.
/// </summary>
public static class ScoreChart
{
    /// <summary>The month floor's colour: a plain red, apart from the grid series' dark red.</summary>
    public const string FloorColour = "#d62020";

    private const int Width = 700, Height = 250, Left = 40, Right = 12, Top = 14, Bottom = 46;

    private static readonly (string Name, string Colour, string Dash, double Stroke, Func<ChartMonth, decimal?> Value)[] Series =
    [
        ("月度得分 month score", "#1f3a5f", "", 3, m => m.Score),
        ("满意度 satisfaction", "#2e8b57", "6 3", 1.6, m => m.Satisfaction),
        ("自管会 committee", "#c77d00", "2 3", 1.6, m => m.Committee),
        ("网格 grid", "#a33b3b", "8 3 2 3", 1.6, m => m.Grid),
    ];

    public static RawHtml Render(Quarter quarter, IReadOnlyList<MonthAssessment> months, RuleVersion rules) =>
        Render(quarter, [.. months.Select(m => new ChartMonth(m.Month, m.Score, m.Satisfaction.Score, m.Committee?.Score, m.Grid?.Score))],
            [.. rules.Payout.Bands.Where(b => b.MinScore > 0).Select(b => b.MinScore)], rules.Payout.MonthFloor?.ScoreBelow);

    /// <param name="bandLines">Scores where a pay band starts, drawn as dashed lines.</param>
    /// <param name="floorLine">The month floor, if the rules have one.</param>
    public static RawHtml Render(Quarter quarter, IReadOnlyList<ChartMonth> months, IReadOnlyList<decimal> bandLines, decimal? floorLine)
    {
        var first = quarter.Previous().Previous().Previous().FirstMonth;
        var slots = Enumerable.Range(0, 12).Select(i => Enumerable.Range(0, i).Aggregate(first, (m, _) => m.Next())).ToArray();
        var byMonth = months.ToDictionary(m => m.Month);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int slot) => Left + plotWidth * (slot + 0.5) / slots.Length;
        double Y(double score) => Top + plotHeight * (100 - score) / 100;

        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"月度得分走势 month scores\" class=\"chart\">");
        foreach (var y in new[] { 0, 20, 40, 60, 80, 100 })
        {
            svg.Append(Invariant, $"<line x1=\"{Left}\" y1=\"{Y(y):0.#}\" x2=\"{Width - Right}\" y2=\"{Y(y):0.#}\" stroke=\"#e3e6ea\"/>");
            svg.Append(Invariant, $"<text x=\"{Left - 6}\" y=\"{Y(y) + 4:0.#}\" text-anchor=\"end\" font-size=\"10\" fill=\"#667\">{y}</text>");
        }
        foreach (var band in bandLines)
        {
            svg.Append(Invariant, $"<line x1=\"{Left}\" y1=\"{Y((double)band):0.#}\" x2=\"{Width - Right}\" y2=\"{Y((double)band):0.#}\" stroke=\"#9aa5b1\" stroke-dasharray=\"3 4\"/>");
        }
        if (floorLine is { } floor)
        {
            // Round caps on zero-length dashes draw dots: a line that reads as red and dotted on screen and on paper, unlike
            // the grey dashed band lines and the dark red grid series, and labelled at its end.
            var y = Y((double)floor);
            svg.Append(Invariant, $"<line class=\"floor-line\" x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\" stroke=\"{FloorColour}\" stroke-width=\"2.5\" stroke-linecap=\"round\" stroke-dasharray=\"0 5\"/>");
            svg.Append(Invariant, $"<text x=\"{Width - Right - 2}\" y=\"{y - 4:0.#}\" text-anchor=\"end\" font-size=\"10\" font-weight=\"bold\" fill=\"{FloorColour}\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">月度底线 {floor:0.##}</text>");
        }
        for (var q = 1; q < 4; q++)
        {
            var x = Left + plotWidth * q * 3.0 / slots.Length;
            svg.Append(Invariant, $"<line x1=\"{x:0.#}\" y1=\"{Top}\" x2=\"{x:0.#}\" y2=\"{Height - Bottom}\" stroke=\"#c9ced6\"/>");
        }
        for (var i = 0; i < slots.Length; i++)
        {
            var current = slots[i].Quarter == quarter ? " font-weight=\"bold\"" : "";
            svg.Append(Invariant, $"<text x=\"{X(i):0.#}\" y=\"{Height - Bottom + 14}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#445\"{current}>{slots[i].Number}月</text>");
            if (slots[i].Number % 3 == 2)
            {
                svg.Append(Invariant, $"<text x=\"{X(i):0.#}\" y=\"{Height - Bottom + 27}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#667\"{current}>{slots[i].Quarter}</text>");
            }
        }

        foreach (var (name, colour, dash, stroke, value) in Series)
        {
            var points = slots.Select((m, i) => byMonth.TryGetValue(m, out var a) && value(a) is { } v ? (i, (double)v) : ((int, double)?)null).ToArray();
            foreach (var run in Runs(points))
            {
                var path = string.Join(" ", run.Select(p => string.Create(Invariant, $"{X(p.Item1):0.#},{Y(p.Item2):0.#}")));
                if (run.Count == 1)
                {
                    svg.Append(Invariant, $"<circle cx=\"{X(run[0].Item1):0.#}\" cy=\"{Y(run[0].Item2):0.#}\" r=\"{stroke + 1:0.#}\" fill=\"{colour}\"/>");
                }
                else
                {
                    svg.Append(Invariant, $"<polyline points=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{stroke:0.#}\" stroke-dasharray=\"{dash}\" stroke-linejoin=\"round\"/>");
                }
            }
        }

        var legendX = Left;
        foreach (var (name, colour, dash, stroke, _) in Series)
        {
            var y = Height - 8;
            svg.Append(Invariant, $"<line x1=\"{legendX}\" y1=\"{y - 4}\" x2=\"{legendX + 22}\" y2=\"{y - 4}\" stroke=\"{colour}\" stroke-width=\"{stroke:0.#}\" stroke-dasharray=\"{dash}\"/>");
            svg.Append(Invariant, $"<text x=\"{legendX + 27}\" y=\"{y}\" font-size=\"10\" fill=\"#334\">{Html.Escape(name)}</text>");
            legendX += 160;
        }
        svg.Append("</svg>");
        return new RawHtml(svg.ToString());
    }

    private static IEnumerable<List<(int, double)>> Runs((int, double)?[] points)
    {
        var run = new List<(int, double)>();
        foreach (var point in points)
        {
            if (point is { } p)
            {
                run.Add(p);
                continue;
            }
            if (run.Count > 0) yield return run;
            run = [];
        }
        if (run.Count > 0) yield return run;
    }

    // Interpolated straight into the builder (no boxed arguments, no intermediate strings): a city quarter draws 7,000 charts.
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
}

/// <summary>One month of a chart: the month score and its three components, each null where not available.</summary>
public sealed record ChartMonth(Month Month, decimal? Score, decimal? Satisfaction, decimal? Committee, decimal? Grid);
