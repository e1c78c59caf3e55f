-- build_reporting: the reporting currency, one row: the workspace's setting (_meta key
-- reporting_currency, set on the Admin page), else USD. Every amount the pages, downloads and
-- reports show is converted into it (fx_spans); a published snapshot carries it with the data.
CREATE OR REPLACE TABLE reporting AS
SELECT coalesce(max(m.value), 'USD') AS currency
FROM _meta AS m
WHERE m.key = 'reporting_currency'
