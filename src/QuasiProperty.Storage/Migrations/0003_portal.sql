-- The web portal: company access tokens (only their hashes), the signed reports companies download,
-- and which quarters finance has published to the public.

create table company_tokens (
    token_id     bigint generated always as identity primary key,
    company_id   text not null,
    token_sha256 text not null unique check (token_sha256 ~ '^[0-9a-f]{64}$'),
    issued_by    text not null,
    issued_at    timestamptz not null default now(),
    revoked_by   text,
    revoked_at   timestamptz,
    check ((revoked_at is null) = (revoked_by is null))
);
create index company_tokens_company on company_tokens (company_id);

-- The signed report of each payout revision, byte for byte as issued. Permanent, like the revision.
create table payout_reports (
    contract_id     text not null,
    quarter         text not null,
    revision        integer not null,
    report_html     text not null,
    assessment_json text not null,
    envelope        text not null,
    key_id          text not null,
    development_key boolean not null,
    created_at      timestamptz not null default now(),
    primary key (contract_id, quarter, revision),
    foreign key (contract_id, quarter, revision) references payout_revisions
);
create trigger payout_reports_permanent before update or delete on payout_reports for each row execute function qp_refuse_change();

create table quarter_publications (
    quarter      text primary key check (quarter ~ '^\d{4}Q[1-4]$'),
    published_by text not null,
    published_at timestamptz not null default now()
);
create trigger quarter_publications_permanent before update or delete on quarter_publications for each row execute function qp_refuse_change();
