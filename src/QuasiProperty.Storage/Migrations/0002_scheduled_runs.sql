-- Scheduled work: quarterly payout runs fanned out in chunks of contracts, the quarter ledger each
-- run finishes with, and the interim month scorecards companies see before the quarter closes.
-- Hangfire may run a job twice or concurrently; these keys make the effect happen once.

create table payout_runs (
    run_id       bigint generated always as identity primary key,
    quarter      text not null check (quarter ~ '^\d{4}Q[1-4]$'),
    as_of        timestamptz not null,
    requested_by text not null,
    requested_at timestamptz not null default now(),
    contracts    integer not null,
    chunks       integer not null,
    unique (quarter, as_of) -- a second request for the same quarter and as-of time is the same run
);
create trigger payout_runs_permanent before update or delete on payout_runs for each row execute function qp_refuse_change();

create table payout_run_chunks (
    run_id       bigint not null references payout_runs,
    chunk        integer not null,
    contract_ids text[] not null,
    primary key (run_id, chunk)
);

create table payout_run_chunks_done (
    run_id      bigint not null,
    chunk       integer not null,
    finished_at timestamptz not null default now(),
    primary key (run_id, chunk),
    foreign key (run_id, chunk) references payout_run_chunks
);

-- The ledger a run finishes with: the current revision of each of its contracts.
create table quarter_ledgers (
    run_id           bigint primary key references payout_runs,
    quarter          text not null,
    contracts        integer not null,
    total_fees       numeric(16, 2) not null,
    total_payout     numeric(16, 2) not null,
    total_deductions numeric(16, 2) not null,
    ledger_csv       text not null,
    months_csv       text not null,
    finished_at      timestamptz not null default now()
);
create trigger quarter_ledgers_permanent before update or delete on quarter_ledgers for each row execute function qp_refuse_change();

-- Interim month scores, one revision per change of inputs or rules.
create table month_scorecards (
    contract_id            text not null,
    month                  text not null check (month ~ '^\d{4}-\d{2}$'),
    revision               integer not null check (revision >= 1),
    input_digest           text not null,
    rule_set               text not null,
    rule_version           integer not null,
    rule_sha256            text not null,
    satisfaction           numeric(7, 2),
    satisfaction_responses integer not null,
    committee              numeric(7, 2),
    grid                   numeric(7, 2),
    grid_rate              numeric(12, 2),
    month_score            numeric(7, 2),
    months_csv_row         text not null, -- the contract's row of months.csv for this month
    as_of                  timestamptz not null,
    computed_by            text not null,
    computed_at            timestamptz not null default now(),
    primary key (contract_id, month, revision)
);
create trigger month_scorecards_permanent before update or delete on month_scorecards for each row execute function qp_refuse_change();

create view current_month_scorecards as
select distinct on (contract_id, month) *
from month_scorecards
order by contract_id, month, revision desc;
