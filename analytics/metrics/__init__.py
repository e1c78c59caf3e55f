"""The metrics: period and roster facts, cost, utilization, delivery, tenure, reviews, break-even, scenarios and the metric registry, each computed once in SQL over the workspace."""
