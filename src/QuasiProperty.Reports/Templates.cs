using System.Collections.Concurrent;
using System.Reflection;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Runtime.Accessors;

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

    // Building a context (its built-in functions, then its accessors for the models' types) costs more
    // than rendering a report with it; Scriban lets a context be reused on one thread after a Reset.
    [ThreadStatic]
    private static EscapingContext? threadContext;

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

    /// <summary>The report and summary templates of <paramref name="folder"/>.</summary>
    public static Templates Load(string folder) => Load(folder, Report, Summary);

    /// <summary>Every <c>*.sbn</c> template of <paramref name="folder"/>; the <paramref name="required"/> ones must be there.</summary>
    public static Templates Load(string folder, params string[] required)
    {
        var parsed = new Dictionary<string, Template>(StringComparer.Ordinal);
        var problems = required
            .Where(name => !File.Exists(Path.Combine(folder, name)))
            .Select(name => new InputProblem(Path.Combine(folder, name), 0, "file", "the template is missing"))
            .ToList();
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.sbn") : [];
        foreach (var path in files.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
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

    /// <summary>Renders a template with the properties of <paramref name="models"/> as snake_case variables.</summary>
    public string Render(string name, params object[] models)
    {
        var globals = new ScriptObject();
        foreach (var model in models)
        {
            foreach (var (variable, property, readOnly) in Variables.GetOrAdd(model.GetType(), VariablesOf)) globals.SetValue(variable, property.GetValue(model), readOnly);
        }
        var context = threadContext ??= new EscapingContext { LoopLimit = 100_000, StrictVariables = true, MemberRenamer = StandardMemberRenamer.Default };
        context.Reset();
        context.PushGlobal(globals);
        return parsed[name].Render(context);
    }

    /// <summary>
    /// A model type's properties as template variables, as Scriban's <c>Import</c> makes them: its own
    /// public readable ones, snake_case, read-only without a public setter. <c>Import</c> looks them and
    /// their attributes up again on every call, a tenth of a report's time.
    /// </summary>
    private static (string Variable, PropertyInfo Property, bool ReadOnly)[] VariablesOf(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<ScriptMemberIgnoreAttribute>() is null)
            .Select(p => (StandardMemberRenamer.Default(p), p, p.SetMethod is not { IsPublic: true }))];

    private static readonly ConcurrentDictionary<Type, (string Variable, PropertyInfo Property, bool ReadOnly)[]> Variables = new();

    /// <summary>Writes every value HTML-escaped, except <see cref="RawHtml"/> the report built itself.</summary>
    private sealed class EscapingContext : TemplateContext
    {
        // Reset forgets the accessors Scriban built by reflection for the models' types; every context here
        // has the same member filter and renamer, so an accessor built once serves all of them.
        private static readonly ConcurrentDictionary<Type, IObjectAccessor> Accessors = new();

        protected override IObjectAccessor GetMemberAccessorImpl(object target) =>
            Accessors.GetOrAdd(target.GetType(), static (_, t) => t.Context.BaseAccessor(t.Target), (Context: this, Target: target));

        public override TemplateContext Write(SourceSpan span, object? textAsObject) => textAsObject switch
        {
            null => this,
            RawHtml raw => base.Write(span, raw.Html),
            _ => base.Write(span, Html.Escape(ObjectToString(textAsObject))),
        };

        private IObjectAccessor BaseAccessor(object target) => base.GetMemberAccessorImpl(target) ?? NullAccessor.Default;
    }
}
