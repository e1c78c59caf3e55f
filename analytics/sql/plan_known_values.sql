-- plan_known_values: the roles and departments of the whole roster and the engagements (unfiltered):
-- what a demand row may name.
SELECT
    (SELECT list(DISTINCT role ORDER BY role) FROM workers) AS roles,
    (SELECT list(DISTINCT department ORDER BY department) FROM
        (SELECT department FROM workers UNION SELECT department FROM engagements)) AS departments
