-- The permanent records refuse TRUNCATE as they refuse UPDATE and DELETE.
create trigger payout_runs_no_truncate before truncate on payout_runs for each statement execute function qp_refuse_change();
create trigger quarter_ledgers_no_truncate before truncate on quarter_ledgers for each statement execute function qp_refuse_change();
create trigger month_scorecards_no_truncate before truncate on month_scorecards for each statement execute function qp_refuse_change();
create trigger payout_reports_no_truncate before truncate on payout_reports for each statement execute function qp_refuse_change();
create trigger quarter_publications_no_truncate before truncate on quarter_publications for each statement execute function qp_refuse_change();
