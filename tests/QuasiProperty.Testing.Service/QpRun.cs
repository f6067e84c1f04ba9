using QuasiProperty.Cli;

namespace QuasiProperty.Testing;

/// <summary>Runs <c>qp</c> in-process as a user would from the shell, capturing what it prints.</summary>
public sealed record QpRun(int ExitCode, string Output, string Error)
{
    public static QpRun Of(params string[] args) => Run(null, args);

    /// <summary>Runs <c>qp</c> with <paramref name="clock"/> as its "now".</summary>
    public static QpRun At(TimeProvider clock, params string[] args) => Run(clock, args);

    private static QpRun Run(TimeProvider? clock, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = QpCommand.Run(args, output, error, clock);
        return new QpRun(code, output.ToString(), error.ToString());
    }
}
