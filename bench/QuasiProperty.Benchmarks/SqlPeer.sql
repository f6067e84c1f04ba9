-- The SQL peer of `qp payout` (issue 8): the assessment contract's "Scoring" for one quarter as ONE
-- query over the tables `qp import` fills (0001_store.sql). $1 = quarter 'YYYYQn', $2 = as-of time.
-- The rule values are those of the generated rules file (`qp samples generate`: rules/city/v1.yaml).
-- Arithmetic is numeric with 30 decimal places where a division does not come out exact, which is
-- more precise than C# decimal (28-29 significant digits); results are compared at 2 decimals.
-- The small CTEs are NOT MATERIALIZED and the big scans filter only on the months, so that
-- PostgreSQL can scan and aggregate the survey and grid tables with parallel workers.
with
r as not materialized (
    select 0.45::numeric as w_sat, 0.30::numeric as w_com, 0.25::numeric as w_grid,
           0.4::numeric as i1, 0.2::numeric as i2, 0.2::numeric as i3, 0.2::numeric as i4, -- cleaning, greening, order, convenience
           30 as min_responses,
           5::numeric as penalty,
           array['GARBAGE', 'ROAD_DIRT', 'GREEN_DAMAGE', 'LITTER'] as categories,
           20.0::numeric as full_rate, 120.0::numeric as zero_rate, 1.5::numeric as overdue_weight,
           2 as min_months, 1.0::numeric as unassessable_ratio,
           60::numeric as floor_below, 0.90::numeric as floor_ratio
),
bands (min_score, pay_ratio) as not materialized (
    values (90::numeric, 1.00::numeric), (80, 0.95), (70, 0.90), (0, 0.80)
),
months as not materialized (
    select to_char(make_date(substr($1, 1, 4)::int, (substr($1, 6, 1)::int - 1) * 3 + k, 1), 'YYYY-MM') as month
    from generate_series(1, 3) as k
),
-- A source counts for a month only when it has a current import (a grid file covers every community).
present as (
    select ci.source, ci.month from current_imports ci join months using (month)
),
active as (
    select c.contract_id, c.community_id, c.quarterly_fee, m.households
    from contracts c join communities m using (community_id)
    where c.start_quarter <= $1 and (c.end_quarter is null or c.end_quarter >= $1)
),
-- Satisfaction: a response's score is linear in its answers for a given answered-item pattern, so
-- sum the answers per (month, community, pattern) and divide once per pattern.
-- (`qp-bench sql-peer --stored-sums` puts a query of the sums the import stored, survey_tallies, in place
-- of the one between the two "survey sums" lines.)
pattern_sums as (
    -- survey sums: from the responses
    select s.month, s.community_id,
           s.cleaning is not null as a1, s.greening is not null as a2, s."order" is not null as a3, s.convenience is not null as a4,
           count(*) as n,
           coalesce(sum(s.cleaning - 1), 0) as d1, coalesce(sum(s.greening - 1), 0) as d2,
           coalesce(sum(s."order" - 1), 0) as d3, coalesce(sum(s.convenience - 1), 0) as d4
    from survey_responses s
    where s.month in (select month from months)
      and not exists (select from replaced_survey_answers x where x.month = s.month and x.line = s.line)
      and num_nonnulls(s.cleaning, s.greening, s."order", s.convenience) > 0
    group by 1, 2, 3, 4, 5, 6
    -- survey sums: end
),
satisfaction as (
    select p.month, p.community_id, sum(p.n) as n,
           sum(25 * (r.i1 * p.d1 + r.i2 * p.d2 + r.i3 * p.d3 + r.i4 * p.d4)::numeric(60, 30)
               / (case when p.a1 then r.i1 else 0 end + case when p.a2 then r.i2 else 0 end
                  + case when p.a3 then r.i3 else 0 end + case when p.a4 then r.i4 else 0 end))
           / sum(p.n) as mean
    from pattern_sums p cross join r
    where p.month in (select month from present where source = 'surveys')
    group by p.month, p.community_id
),
committee as (
    select c.month, c.community_id, greatest(0, c.rating - r.penalty * c.issues_unresolved) as score
    from committee_reports c cross join r
    where c.month in (select month from present where source = 'committee')
),
grid_counts as (
    select g.month, g.community_id,
           count(*) filter (where coalesce(g.closed_at, $2) <= g.due_at) as on_time,
           count(*) filter (where coalesce(g.closed_at, $2) > g.due_at) as overdue
    from grid_incidents g cross join r
    where g.month in (select month from months)
      and g.category = any (r.categories)
    group by 1, 2
),
month_scores as (
    select a.contract_id, a.quarterly_fee, m.month, v.score
    from active a
    cross join months m
    cross join r
    left join satisfaction s on s.month = m.month and s.community_id = a.community_id and s.n >= r.min_responses
    left join committee c on c.month = m.month and c.community_id = a.community_id
    left join present pg on pg.source = 'grid' and pg.month = m.month
    left join grid_counts gc on gc.month = pg.month and gc.community_id = a.community_id
    cross join lateral (
        select case when pg.month is null then null
                    else ((coalesce(gc.on_time, 0) + r.overdue_weight * coalesce(gc.overdue, 0)) * 1000)::numeric(60, 30) / a.households
               end as rate
    ) g
    cross join lateral (
        select case when g.rate is null then null
                    when g.rate <= r.full_rate then 100
                    when g.rate >= r.zero_rate then 0
                    else 100 * (r.zero_rate - g.rate) / (r.zero_rate - r.full_rate)
               end as score
    ) gs
    cross join lateral (
        select (coalesce(r.w_sat * s.mean, 0) + coalesce(r.w_com * c.score, 0) + coalesce(r.w_grid * gs.score, 0))::numeric(60, 30)
               / nullif(case when s.mean is null then 0 else r.w_sat end
                        + case when c.score is null then 0 else r.w_com end
                        + case when gs.score is null then 0 else r.w_grid end, 0) as score
    ) v
),
quarter as (
    select ms.contract_id, ms.quarterly_fee, count(ms.score) as assessed, avg(ms.score) as exact,
           coalesce(bool_or(round(ms.score, 2) < r.floor_below), false) as below_floor
    from month_scores ms cross join r
    group by ms.contract_id, ms.quarterly_fee
),
ratios as (
    select q.contract_id, q.quarterly_fee, q.assessed,
           case when q.assessed >= r.min_months then round(q.exact, 2) end as quarter_score,
           case when q.assessed < r.min_months then r.unassessable_ratio
                when q.below_floor then least(b.pay_ratio, r.floor_ratio)
                else b.pay_ratio
           end as pay_ratio
    from quarter q
    cross join r
    left join lateral (
        select bands.pay_ratio from bands where bands.min_score <= round(q.exact, 2) order by bands.min_score desc limit 1
    ) b on true
)
select x.contract_id,
       case when x.quarter_score is null then 'unassessable' else 'assessed' end as status,
       x.quarter_score,
       x.assessed::int as assessed_months,
       x.pay_ratio,
       round(x.quarterly_fee * x.pay_ratio, 2) as payout
from ratios x
order by x.contract_id collate "C"
