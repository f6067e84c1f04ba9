using System.CommandLine;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Cli.Commands;

/// <summary><c>qp companies</c> (portal access tokens) and <c>qp publish</c> (a quarter's results to the public pages).</summary>
internal static class CompaniesCommand
{
    public static Command Companies(TextWriter output, TextWriter error)
    {
        var company = new Argument<string>("COMPANY_ID") { Description = "The company, as in companies.csv." };
        var db = Settings.DatabaseOption();
        var token = new Command("token",
            "Issue a new portal access token for a property company and print it, once: only its hash is stored, so it " +
            "cannot be shown again. Give it to the company; it signs in at /signin and sees only its own contracts.")
        {
            company, db,
        };
        token.SetAction(parse => Database.Run(error, () =>
        {
            using var database = Settings.Database(parse.GetValue(db));
            var (id, secret) = CompanyTokens.Issue(database, parse.GetValue(company)!, Settings.User);
            output.WriteLine(secret);
            error.WriteLine($"Token #{id} for {parse.GetValue(company)}: shown once, stored only as a hash. Revoke it with 'qp companies revoke {id}'.");
            return ExitCodes.Done;
        }));

        var tokenId = new Argument<long>("TOKEN_ID") { Description = "The token's number, as 'qp companies tokens' lists it." };
        var revokeDb = Settings.DatabaseOption();
        var revoke = new Command("revoke", "Revoke a portal access token; sessions signed in with it end on their next request.") { tokenId, revokeDb };
        revoke.SetAction(parse => Database.Run(error, () =>
        {
            using var database = Settings.Database(parse.GetValue(revokeDb));
            var done = CompanyTokens.Revoke(database, parse.GetValue(tokenId), Settings.User);
            output.WriteLine(done == 1 ? $"Token #{parse.GetValue(tokenId)} revoked." : $"Token #{parse.GetValue(tokenId)} does not exist or was already revoked.");
            return done == 1 ? ExitCodes.Done : ExitCodes.InputRejected;
        }));

        var only = new Argument<string?>("COMPANY_ID") { Description = "Only this company's tokens.", Arity = ArgumentArity.ZeroOrOne };
        var listDb = Settings.DatabaseOption();
        var list = new Command("tokens", "List the issued tokens (never the secrets): number, company, who issued it and when, revoked or not.") { only, listDb };
        list.SetAction(parse => Database.Run(error, () =>
        {
            using var database = Settings.Database(parse.GetValue(listDb));
            foreach (var t in CompanyTokens.List(database, parse.GetValue(only)))
            {
                output.WriteLine($"#{t.TokenId,-5} {t.CompanyId,-12} issued {ChinaTime.Format(t.IssuedAt)} by {t.IssuedBy}" +
                                 (t.RevokedAt is { } r ? $", revoked {ChinaTime.Format(r)}" : ""));
            }
            return ExitCodes.Done;
        }));
        return new Command("companies", "Portal access for property companies.") { token, revoke, list };
    }

    public static Command Publish(TextWriter output, TextWriter error)
    {
        var quarter = Options.Quarter("The quarter whose results become public (per community: score and decision).");
        var withdraw = new Option<bool>("--withdraw") { Description = "Withdraw the quarter from the public pages instead (needs --reason). The withdrawal is recorded; the quarter can be published again." };
        var reason = new Option<string?>("--reason") { Description = "Why the quarter is withdrawn (recorded with the withdrawal).", HelpName = "TEXT" };
        var db = Settings.DatabaseOption();
        var command = new Command("publish",
            "Publish a quarter's results on the portal's public pages (/results). Until then nothing of the quarter is public. " +
            "Finance can also publish from the portal. Every publication and withdrawal is kept in the publication log.")
        {
            quarter, withdraw, reason, db,
        };
        command.SetAction(parse => Database.Run(error, () =>
        {
            var q = parse.GetValue(quarter);
            var why = parse.GetValue(reason);
            if (parse.GetValue(withdraw) && string.IsNullOrWhiteSpace(why))
            {
                error.WriteLine("qp: --withdraw needs --reason TEXT: a withdrawal is recorded with why it was made.");
                return ExitCodes.InputRejected;
            }
            using var database = Settings.Database(parse.GetValue(db));
            using var connection = database.OpenConnection();
            if (PortalData.Payouts(connection, null, q).Count == 0)
            {
                error.WriteLine($"qp: {q} has no recorded payout yet; run the payout first.");
                return ExitCodes.InputRejected;
            }
            if (parse.GetValue(withdraw))
            {
                output.WriteLine(Publications.Withdraw(connection, q, why!, Settings.User) == PublicationOutcome.Recorded
                    ? $"{q} withdrawn from the public pages." : $"{q} was not published; nothing to withdraw.");
                return ExitCodes.Done;
            }
            output.WriteLine(PortalData.Publish(connection, q, Settings.User) ? $"{q} published." : $"{q} was already published.");
            return ExitCodes.Done;
        }));
        return command;
    }
}
