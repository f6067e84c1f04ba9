using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace QuasiProperty.Reports;

/// <summary>Markup the report builds itself (the chart), which templates output without escaping.</summary>
public sealed record RawHtml(string Html)
{
    public override string ToString() => Html;
}

public static class Html
{
    // Keeps Chinese readable in the source; encodes < > & ' " and everything outside printable text.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Escape(string? text) => text is null ? "" : Encoder.Encode(text);
}
