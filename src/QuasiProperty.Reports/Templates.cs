using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Runtime.Accessors;
using Scriban.Syntax;

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
    private readonly HashSet<string> documents;

    // Building a context (its built-in functions, then its accessors for the models' types) costs more
    // than rendering a report with it; Scriban lets a context be reused on one thread after a Reset.
    [ThreadStatic]
    private static EscapingContext? threadContext;

    private Templates(Dictionary<string, Template> parsed, HashSet<string> documents, string folder)
    {
        this.parsed = parsed;
        this.documents = documents;
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
        var documents = new HashSet<string>(StringComparer.Ordinal);
        var problems = required
            .Where(name => !File.Exists(Path.Combine(folder, name)))
            .Select(name => new InputProblem(Path.Combine(folder, name), 0, "file", "the template is missing"))
            .ToList();
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.sbn") : [];
        foreach (var path in files.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var text = File.ReadAllText(path);
            var template = Template.Parse(text, path);
            if (template.HasErrors)
            {
                problems.AddRange(template.Messages.Select(m => new InputProblem(path, m.Span.Start.Line + 1, "template", m.Message)));
                continue;
            }
            parsed[name] = template;
            if (EndsDocument(text)) documents.Add(name);
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return new Templates(parsed, documents, folder);
    }

    /// <summary>
    /// Renders a template with the properties of <paramref name="models"/> as snake_case variables.
    /// The result is whole or there is none: Scriban's limits that would cut the output (its default
    /// stops a document at 1,048,576 characters with "...") are off, and any limit that is hit —
    /// loops, recursion, <see cref="MaxCharacters"/> — throws, naming the template, so nothing
    /// incomplete is ever signed, written or served.
    /// </summary>
    /// <exception cref="InvalidInputException">The template could not render a whole document.</exception>
    public string Render(string name, params object[] models)
    {
        var globals = new ScriptObject();
        foreach (var model in models)
        {
            foreach (var (variable, property, readOnly) in Variables.GetOrAdd(model.GetType(), VariablesOf)) globals.SetValue(variable, property.GetValue(model), readOnly);
        }
        var context = threadContext ??= new EscapingContext
        {
            LoopLimit = 100_000, StrictVariables = true, MemberRenamer = StandardMemberRenamer.Default, LimitToString = 0,
        };
        context.Reset();
        context.PushGlobal(globals);
        var template = parsed[name];
        var output = new BoundedOutput(MaxCharacters);
        context.PushOutput(output);
        try
        {
            template.Render(context);
        }
        catch (Exception e) when (e is ScriptRuntimeException or InvalidOperationException or DocumentTooLongException)
        {
            throw Refused(name, e.Message);
        }
        finally
        {
            context.PopOutput();
        }
        var document = output.ToString();
        // A template that ends its document ends every document it renders: a last check that nothing was cut.
        if (documents.Contains(name) && !EndsDocument(document))
        {
            throw Refused(name, "the rendered document does not end with </html>");
        }
        return document;
    }

    /// <summary>The largest document rendered, in characters; larger ones are refused, never cut. A city's summary is a few million.</summary>
    public int MaxCharacters { get; private init; } = 256 * 1024 * 1024;

    /// <summary>The same templates with another <see cref="MaxCharacters"/>.</summary>
    public Templates WithMaxCharacters(int maxCharacters) => new(parsed, documents, Folder) { MaxCharacters = maxCharacters };

    private InvalidInputException Refused(string name, string why) => new(new InputProblem(
        Path.Combine(Folder, name), 0, "template", $"the document could not be rendered whole, so none of it was written, signed or served: {why}"));

    private static bool EndsDocument(string text) => text.AsSpan().TrimEnd().EndsWith("</html>", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A model type's properties as template variables, as Scriban's <c>Import</c> makes them: its own
    /// public readable ones, snake_case, read-only without a public setter. <c>Import</c> looks them and
    /// their attributes up again on every call; here they are looked up once per type.
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

    /// <summary>The output of one render, refusing to grow past its limit rather than cutting.</summary>
    private sealed class BoundedOutput(int maxCharacters) : IScriptOutput
    {
        private readonly StringBuilder builder = new();

        public void Write(string text, int offset, int count)
        {
            if (builder.Length + (long)count > maxCharacters) throw new DocumentTooLongException(maxCharacters);
            builder.Append(text, offset, count);
        }

        public ValueTask WriteAsync(string text, int offset, int count, CancellationToken cancellationToken)
        {
            Write(text, offset, count);
            return ValueTask.CompletedTask;
        }

        public override string ToString() => builder.ToString();
    }

    private sealed class DocumentTooLongException(int maxCharacters)
        : Exception($"it would be longer than {maxCharacters:N0} characters");
}
