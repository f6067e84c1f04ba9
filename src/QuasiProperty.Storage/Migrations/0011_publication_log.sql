-- Publishing a quarter can be withdrawn. Every publication and withdrawal is an event in an
-- append-only log, and whether a quarter is public is derived from its latest event.
--
-- Events of a quarter are numbered 1, 2, 3, ...: odd ones publish, even ones withdraw. The unique
-- number makes two finance users who act at once unable to both publish (or both withdraw): the
-- second insert collides and is refused, whatever the application checked before.
create table publication_log (
    event_id    bigint generated always as identity primary key,
    quarter     text not null check (quarter ~ '^\d{4}Q[1-4]$'),
    seq         integer not null check (seq >= 1),
    action      text not null check (action in ('publish', 'withdraw')),
    reason      text,
    recorded_by text not null,
    recorded_at timestamptz not null default now(),
    unique (quarter, seq),
    check ((seq % 2 = 1) = (action = 'publish')),
    -- A withdrawal says why; a publication has nothing to explain.
    check ((action = 'withdraw') = (reason is not null and length(btrim(reason)) > 0))
);
create trigger publication_log_append_only before update or delete on publication_log for each row execute function qp_refuse_change();
create trigger publication_log_no_truncate before truncate on publication_log for each statement execute function qp_refuse_change();

-- The publications made before the log existed become its first events.
insert into publication_log (quarter, seq, action, recorded_by, recorded_at)
select quarter, 1, 'publish', published_by, published_at from quarter_publications order by published_at, quarter;

-- The old table stays, permanent as it was, under a name that says what it is; the name
-- quarter_publications now means the quarters public at this moment, so every reader of it
-- stops showing a withdrawn quarter.
alter table quarter_publications rename to quarter_publications_before_log;

create view quarter_publications as
select quarter, recorded_by as published_by, recorded_at as published_at
from (select distinct on (quarter) quarter, action, recorded_by, recorded_at
      from publication_log order by quarter, seq desc) latest
where action = 'publish';

-- A city's ledger reads one quarter's current revisions (7,000 of them among every quarter's
-- revisions); the primary key starts with the contract, so it would read them all.
create index payout_revisions_quarter on payout_revisions (quarter, contract_id, revision desc);
