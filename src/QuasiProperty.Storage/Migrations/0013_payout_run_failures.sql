-- Why a payout run stopped: an input or rule problem is final, so the run is marked failed with the
-- message at once instead of being retried. Starting the same run again (after the files are fixed)
-- clears the mark; the run itself, like every payout record, is never changed.
create table payout_run_failures (
    run_id    bigint primary key references payout_runs (run_id),
    failed_at timestamptz not null default now(),
    reason    text not null check (reason <> '')
);
