"""Plan: capacity against demand by role and month ahead, its pricing and saved plan versions."""
