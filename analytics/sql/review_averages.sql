-- review_averages: mean of each review attribute and of all six, by worker type, over the
-- filtered people's reviews dated inside the period.
SELECT
    w.worker_type,
    count(*) AS reviews,
    count(DISTINCT r.worker_id) AS people,
    avg(r.communication) AS communication,
    avg(r.technical_expertise) AS technical_expertise,
    avg(r.problem_solving) AS problem_solving,
    avg(r.collaboration) AS collaboration,
    avg(r.adaptability) AS adaptability,
    avg(r.attention_to_detail) AS attention_to_detail,
    avg((r.communication + r.technical_expertise + r.problem_solving + r.collaboration
         + r.adaptability + r.attention_to_detail) / 6.0) AS overall
FROM reviews AS r
JOIN workers AS w USING (worker_id)
WHERE r.review_date BETWEEN $start::DATE AND $end::DATE
  AND {worker_filter}
GROUP BY ALL
