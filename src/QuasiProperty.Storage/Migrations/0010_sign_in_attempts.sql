-- Every attempt to sign in to the portal, successful or not. Append-only, like the import log: the
-- portal decides lockouts from it (so that every `qp serve` on the database agrees) and finance reads it.
-- Never a password or a token: a company attempt names the company and token only when the token matched.
create table sign_in_attempts (
    attempt_id     bigint generated always as identity primary key,
    attempted_at   timestamptz not null,
    client_address inet,
    portal_role    text not null check (portal_role in ('finance', 'company')),
    account        text,   -- finance: the finance user, when the name given was it; company: the company of a matched token
    token_id       bigint references company_tokens,
    outcome        text not null check (outcome in ('signed_in', 'failed', 'revoked_token', 'locked_out')),
    check (token_id is null or portal_role = 'company'),
    check (outcome <> 'revoked_token' or token_id is not null),
    check (outcome <> 'signed_in' or account is not null)
);
-- The lockout looks back a few minutes: finance's attempts by time, companies' by address and time.
create index sign_in_attempts_by_role on sign_in_attempts (portal_role, attempted_at);
create index sign_in_attempts_by_address on sign_in_attempts (client_address, attempted_at);
create trigger sign_in_attempts_append_only before update or delete on sign_in_attempts for each row execute function qp_refuse_change();
create trigger sign_in_attempts_no_truncate before truncate on sign_in_attempts for each statement execute function qp_refuse_change();
