-- A household that answers twice in a month: only its later answer counts. The earlier answers
-- were marked by a flag on every stored response, which the importer could only set once the
-- whole file had been read and sent, so it updated the month's rows in a second pass: a scan of a
-- city month's 3.4 million rows (over half a second of server time) to mark a few thousand. They
-- are now rows of their own, a few thousand a city month, in a partition per month replaced
-- together with the responses', so the two never disagree; each response is 8 bytes smaller.
--
-- A response counts unless its month and line are here:
--     select … from survey_responses s
--     where not exists (select from replaced_survey_answers r where r.month = s.month and r.line = s.line)

create table replaced_survey_answers (
    import_id bigint not null,
    line      integer not null, -- the line of survey_responses whose answer a later one replaced
    month     text not null
) partition by list (month);

do $$
declare
    m    text;
    part text;
begin
    for m in select distinct month from survey_responses order by 1 loop
        part := 'replaced_survey_answers_' || replace(m, '-', '_');
        execute format('create table %I (like replaced_survey_answers including constraints, constraint month_of_partition check (month = %L))', part, m);
        execute format('insert into %I (month, import_id, line) select month, import_id, line from survey_responses where month = %L and not counts',
            part, m);
        execute format('alter table replaced_survey_answers attach partition %I for values in (%L)', part, m);
    end loop;
end
$$;

alter table survey_responses drop column counts;
