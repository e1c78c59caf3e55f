"""Who may see and do what (roles, department limits) and the audit trail of what they did."""
