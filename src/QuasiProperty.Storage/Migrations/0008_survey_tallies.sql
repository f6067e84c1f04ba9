-- Each month's survey responses summed per community and answered-item pattern: the tallies the
-- engine assesses (SurveyTally), as the importer works them out while it reads the file.
--
-- A payout, a scorecard or a what-if needs only these sums, at most 16 rows per community and
-- month, never a single answer. Summing a city month's 3.4 million responses again on every read
-- cost PostgreSQL seconds each time. The importer writes a month's tallies in the transaction that
-- stores its responses, into a partition per month replaced together with the responses', so the
-- two never disagree; survey_responses keeps every answer for audit and for queries of one's own.

create table survey_tallies (
    import_id    bigint not null,
    pattern      smallint not null, -- bit i set when item i was answered: 1 cleaning, 2 greening, 4 order, 8 convenience
    -- The pattern's counted responses (a household's replaced answer does not count), then Σd for each
    -- item, then Σdᵢ·dⱼ for i ≤ j in the order (0,0), (0,1) … (0,3), (1,1) … (3,3), with d = answer − 1
    -- and 0 for items the pattern leaves unanswered: 15 numbers.
    sums         bigint[] not null check (cardinality(sums) = 15),
    month        text not null,
    community_id text not null
) partition by list (month);

-- The tallies of the responses already stored, one partition per month as the importer makes them.
do $$
declare
    m    text;
    part text;
begin
    for m in select distinct month from survey_responses order by 1 loop
        part := 'survey_tallies_' || replace(m, '-', '_');
        execute format('create table %I (like survey_tallies including constraints, constraint month_of_partition check (month = %L))', part, m);
        execute format($sql$
            insert into %I (month, community_id, import_id, pattern, sums)
            select month, community_id, import_id,
                   (cleaning is not null)::int + 2 * (greening is not null)::int + 4 * ("order" is not null)::int + 8 * (convenience is not null)::int,
                   array[count(*),
                         coalesce(sum(cleaning - 1), 0), coalesce(sum(greening - 1), 0), coalesce(sum("order" - 1), 0), coalesce(sum(convenience - 1), 0),
                         coalesce(sum((cleaning - 1) * (cleaning - 1)), 0), coalesce(sum((cleaning - 1) * (greening - 1)), 0),
                         coalesce(sum((cleaning - 1) * ("order" - 1)), 0), coalesce(sum((cleaning - 1) * (convenience - 1)), 0),
                         coalesce(sum((greening - 1) * (greening - 1)), 0), coalesce(sum((greening - 1) * ("order" - 1)), 0),
                         coalesce(sum((greening - 1) * (convenience - 1)), 0), coalesce(sum(("order" - 1) * ("order" - 1)), 0),
                         coalesce(sum(("order" - 1) * (convenience - 1)), 0), coalesce(sum((convenience - 1) * (convenience - 1)), 0)]
            from survey_responses where month = %L and counts
            group by 1, 2, 3, 4
            $sql$, part, m);
        execute format('alter table survey_tallies attach partition %I for values in (%L)', part, m);
    end loop;
end
$$;
