-- A city quarter archives about 270 MB of signed reports and 40 MB of working documents at once.
-- PostgreSQL's default TOAST compression (pglz) spends about five times as long on that as lz4,
-- for the same stored size. New rows only; what is stored stays as it is. A server built without
-- lz4 keeps pglz: slower, not wrong.
do $$
begin
    alter table payout_reports
        alter column report_html set compression lz4,
        alter column assessment_json set compression lz4,
        alter column envelope set compression lz4;
    alter table payout_revisions alter column working set compression lz4;
exception when feature_not_supported then
    raise notice 'this PostgreSQL has no lz4 compression; payout reports stay compressed with pglz';
end
$$;
