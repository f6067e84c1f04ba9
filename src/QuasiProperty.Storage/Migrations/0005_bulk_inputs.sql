-- Monthly inputs are loaded by binary COPY at city scale (millions of rows a month). The importer
-- checks every reference against the same transaction's data before it stores a row, and refuses
-- to replace reference data that stored rows still use, so per-row foreign keys only slowed the
-- load; the primary keys stay, so a row can never be stored twice.
alter table survey_responses drop constraint survey_responses_import_id_fkey;
alter table survey_responses drop constraint survey_responses_community_id_fkey;
alter table committee_reports drop constraint committee_reports_import_id_fkey;
alter table committee_reports drop constraint committee_reports_community_id_fkey;
alter table grid_incidents drop constraint grid_incidents_import_id_fkey;
alter table grid_incidents drop constraint grid_incidents_community_id_fkey;
