using System.CommandLine;
using QuasiProperty.Time;

namespace QuasiProperty.Cli;

/// <summary>Options that several commands share, parsed into domain values with clear errors.</summary>
internal static class Options
{
    public static Option<Quarter> Quarter(string description) => new("--quarter", "-q")
    {
        Description = description,
        HelpName = "YYYYQn",
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Time.Quarter.TryParse(text, out var quarter)) return quarter;
            result.AddError($"'{text}' is not a quarter; write it as YYYYQn, e.g. 2025Q2");
            return default;
        },
    };

    public static Option<DateTimeOffset?> AsOf() => new("--as-of")
    {
        Description = "The time the assessment is made, ISO 8601 (no offset = China time, UTC+08:00). An incident still open then " +
                      "and past its due time counts as overdue. Default: now.",
        HelpName = "TIMESTAMP",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (ChinaTime.TryParse(text, out var value)) return value;
            result.AddError($"'{text}' is not a timestamp; write it as ISO 8601, e.g. 2025-07-10T00:00:00+08:00");
            return null;
        },
    };

    public static Option<string> Folder(string name, string description) =>
        new(name) { Description = description, HelpName = "DIR", Required = true };
}
