-- Survey responses and grid incidents are stored one partition per month, without a primary key or
-- per-row checks.
--
-- At city scale a month is millions of rows. Maintaining the (month, id) primary key row by row cost
-- PostgreSQL more than the rest of the load together, and the value checks another fifth. Neither
-- guards anything the importer does not already guarantee: it is the only writer of these tables,
-- it stores a file only when every row passed the same checks as file mode (answers 1 to 5, due and
-- closed times not before the report), a month's rows come from exactly one file (a corrected file
-- replaces the whole month), and a file that repeats a response or incident id is refused. A row is
-- identified by its import_id and line. NOT NULL stays, since it costs next to nothing.
--
-- The importer loads a month into a new table and attaches it as the month's partition in the same
-- transaction, replacing the previous one, so a query for a month reads just that month. Partitions
-- are named <table>_YYYY_MM and carry a check on their month, so attaching one needs no scan.
-- Fixed-width columns come first: reading a row's line or answers does not walk its text columns.

alter table survey_responses rename to survey_responses_unpartitioned;
create table survey_responses (
    import_id     bigint not null,
    line          integer not null,
    cleaning      smallint, -- 1 to 5, null when not answered
    greening      smallint,
    "order"       smallint,
    convenience   smallint,
    counts        boolean not null, -- false when a later answer of the same household replaces it
    month         text not null,
    community_id  text not null,
    response_id   text not null,
    household_ref text not null
) partition by list (month);

alter table grid_incidents rename to grid_incidents_unpartitioned;
create table grid_incidents (
    import_id    bigint not null,
    line         integer not null,
    reported_at  timestamptz not null,
    due_at       timestamptz not null,
    closed_at    timestamptz,
    month        text not null,
    community_id text not null,
    category     text not null,
    incident_id  text not null
) partition by list (month);

-- Moves the rows already stored into one partition per month.
do $$
declare
    source  text;
    m       text;
    part    text;
    columns text;
begin
    foreach source in array array['survey_responses', 'grid_incidents'] loop
        select string_agg(quote_ident(attname), ', ' order by attnum) into columns
        from pg_attribute where attrelid = source::regclass and attnum > 0 and not attisdropped;
        for m in execute format('select distinct month from %I order by 1', source || '_unpartitioned') loop
            part := source || '_' || replace(m, '-', '_');
            execute format('create table %I (like %I including constraints, constraint month_of_partition check (month = %L))', part, source, m);
            execute format('insert into %I select %s from %I where month = %L',
                part, columns, source || '_unpartitioned', m);
            execute format('alter table %I attach partition %I for values in (%L)', source, part, m);
        end loop;
        execute format('drop table %I', source || '_unpartitioned');
    end loop;
end
$$;
