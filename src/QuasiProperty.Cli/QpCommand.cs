using System.CommandLine;
using QuasiProperty.Cli.Commands;

namespace QuasiProperty.Cli;

/// <summary>The root of <c>qp</c>: every subcommand, and the exit codes they share.</summary>
public static class QpCommand
{
    /// <param name="clock">The time the commands take as "now" (the default as-of time, waiting); the system clock unless given.</param>
    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var root = new RootCommand(
            "QuasiProperty (qp): scores the monthly resident surveys, committee feedback and urban-grid incidents of " +
            "hutong quasi-property management contracts, and works out each quarter's payment to the property companies.\n\n" +
            "Exit codes: 0 done; 1 input or rule files rejected (every problem is listed as file:line: field: problem); " +
            "2 wrong command-line usage; 3 could not write the output; 4 database unreachable or not migrated.")
        {
            AssessCommand.Create(output, error, clock),
            RulesCommand.Create(output, error, clock),
            DbCommand.Create(output, error),
            ImportCommand.Create(output, error),
            PayoutCommand.Create(output, error, clock),
            ServeCommand.Serve(error),
            ServeCommand.Worker(error),
            JobsCommand.Create(output, error, clock),
            KeysCommand.Keys(output, error),
            KeysCommand.Verify(output, error),
            CompaniesCommand.Companies(output, error),
            CompaniesCommand.Publish(output, error),
            SamplesCommand.Create(output, error),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) error.WriteLine($"qp: {e.Message}");
            error.WriteLine($"Run 'qp {string.Join(' ', parse.CommandResult.Command.Name == root.Name ? "" : parse.CommandResult.Command.Name)} --help' for usage.".Replace("qp  --", "qp --", StringComparison.Ordinal));
            return ExitCodes.Usage;
        }
        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}

public static class ExitCodes
{
    public const int Done = 0;
    public const int InputRejected = 1;
    public const int Usage = 2;
    public const int OutputFailed = 3;
    public const int DatabaseFailed = 4;
}
