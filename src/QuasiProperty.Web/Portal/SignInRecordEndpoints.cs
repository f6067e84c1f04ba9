using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using QuasiProperty.Storage;
using QuasiProperty.Time;

namespace QuasiProperty.Web.Portal;

/// <summary>Finance's view of the sign-in record: every attempt, newest first, a page at a time. Nobody else sees it.</summary>
internal static class SignInRecordEndpoints
{
    private const int PageSize = 50;

    public static void Map(WebApplication app)
    {
        app.MapGet("/finance/sign-ins", (HttpContext http, Pages pages, NpgsqlDataSource database, string? page) =>
        {
            if (!http.User.IsFinance()) return pages.NotFound(http);
            var number = 1;
            if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1)) return pages.NotFound(http);
            using var connection = database.OpenConnection();
            var total = SignInAttempts.Count(connection);
            var pageCount = (int)Math.Max(1, (total + PageSize - 1) / PageSize);
            if (number > pageCount) return pages.NotFound(http);
            var rows = SignInAttempts.Page(connection, (number - 1) * PageSize, PageSize).Select(row => new
            {
                Id = row.AttemptId,
                At = ChinaTime.Display(row.Attempt.AttemptedAt),
                AtExact = ChinaTime.Format(row.Attempt.AttemptedAt),
                Address = row.Attempt.ClientAddress?.ToString() ?? "",
                Role = row.Attempt.Role == SignInRole.Finance ? "财务 Finance" : "物业公司 Company",
                Account = row.Attempt.Account ?? "",
                Token = row.Attempt.TokenId is { } token ? $"#{token.ToString(CultureInfo.InvariantCulture)}" : "",
                Outcome = row.Attempt.Outcome switch
                {
                    SignInOutcome.SignedIn => "登录成功 signed in",
                    SignInOutcome.RevokedToken => "令牌已撤销 revoked token",
                    SignInOutcome.LockedOut => "锁定中，拒绝 refused: locked",
                    _ => "失败 failed",
                },
                Kind = row.Attempt.Outcome switch
                {
                    SignInOutcome.SignedIn => "full",
                    SignInOutcome.LockedOut => "muted",
                    _ => "reduced",
                },
            }).ToArray();
            return pages.Render(http, "sign_ins.sbn", "登录记录 Sign-ins", new
            {
                Rows = rows,
                Total = total,
                Page = number,
                Pages = pageCount,
                Newer = number > 1 ? number - 1 : 0,
                Older = number < pageCount ? number + 1 : 0,
            });
        }).RequireAuthorization();
    }
}
