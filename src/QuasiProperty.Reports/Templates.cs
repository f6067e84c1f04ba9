using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace QuasiProperty.Reports;

/// <summary>
/// The report templates (<c>templates/*.sbn</c>), parsed once. The sub-district edits wording and
/// layout in those files; no value reaches the page without being HTML-escaped (<see cref="Render"/>).
/// </summary>
public sealed class Templates
{
    public const string Report = "report.html.sbn";
    public const string Summary = "summary.html.sbn";

    private readonly Dictionary<string, Template> parsed;

    private Templates(Dictionary<string, Template> parsed, string folder)
    {
        this.parsed = parsed;
        Folder = folder;
    }

    public string Folder { get; }

    /// <summary>The templates folder: the one given, else <c>templates</c> here, else the copy beside the program.</summary>
    public static string Locate(string? configured)
    {
        if (configured is not null) return configured;
        return Directory.Exists("templates") ? "templates" : Path.Combine(AppContext.BaseDirectory, "templates");
    }

    public static Templates Load(string folder)
    {
        var parsed = new Dictionary<string, Template>(StringComparer.Ordinal);
        var problems = new List<InputProblem>();
        foreach (var name in new[] { Report, Summary })
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                problems.Add(new InputProblem(path, 0, "file", "the report template is missing"));
                continue;
            }
            var template = Template.Parse(File.ReadAllText(path), path);
            if (template.HasErrors)
            {
                problems.AddRange(template.Messages.Select(m => new InputProblem(path, m.Span.Start.Line + 1, "template", m.Message)));
                continue;
            }
            parsed[name] = template;
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return new Templates(parsed, folder);
    }

    /// <summary>Renders a template with <paramref name="model"/>'s properties as snake_case variables.</summary>
    public string Render(string name, object model)
    {
        var globals = new ScriptObject();
        globals.Import(model, renamer: StandardMemberRenamer.Default);
        var context = new EscapingContext { LoopLimit = 100_000, StrictVariables = true, MemberRenamer = StandardMemberRenamer.Default };
        context.PushGlobal(globals);
        return parsed[name].Render(context);
    }

    /// <summary>Writes every value HTML-escaped, except <see cref="RawHtml"/> the report built itself.</summary>
    private sealed class EscapingContext : TemplateContext
    {
        public override TemplateContext Write(SourceSpan span, object? textAsObject) => textAsObject switch
        {
            null => this,
            RawHtml raw => base.Write(span, raw.Html),
            _ => base.Write(span, Html.Escape(ObjectToString(textAsObject))),
        };
    }
}
