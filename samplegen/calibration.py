"""What the sample organisation is drawn from: public wage figures, agency markups, role,
seniority, department and location mixes, tenure, and the names of people and engagements.

Calibration (see shared PRODUCT.md): each role's employee median salary equals the BLS OEWS
May 2024 median; contractor rates are the employee-equivalent hourly pay (salary / 2080 for the
role and seniority) times the agency's markup (20–60%). Headcount is stationary: each worker is
either in the stock already employed at the period start (length-biased tenure) or a joiner
(arrivals spread evenly over the period), in proportion E[tenure] : period length. So the share
still employed at the end is E[tenure] / (E[tenure] + period): ~60% of employees and ~25% of
contractors over 3 years.
"""

from __future__ import annotations

from datetime import date

import numpy as np

DEFAULT_END = date(2026, 11, 29)
CHUNK_WORKERS = 2000  # part of the output's definition: changing it changes the sample
HOURS_PER_YEAR = 2080.0
DAYS_PER_MONTH = 365.25 / 12

# name, OEWS May 2024 median, employee weight, contractor weight, mean billable share,
# probability of working on two engagements, probability of being over-allocated
ROLES = (
    ("Software Developer", 133_080, 0.36, 0.42, 0.80, 0.12, 0.12),
    ("Information Security Analyst", 124_910, 0.07, 0.10, 0.74, 0.20, 0.12),
    ("Database Administrator", 104_620, 0.06, 0.07, 0.72, 0.25, 0.12),
    ("Computer Systems Analyst", 103_790, 0.11, 0.11, 0.75, 0.20, 0.12),
    ("Project Management Specialist", 100_750, 0.08, 0.11, 0.72, 0.35, 0.18),
    ("Network and Systems Administrator", 96_800, 0.10, 0.08, 0.60, 0.15, 0.10),
    ("Computer User Support Specialist", 60_340, 0.15, 0.08, 0.38, 0.10, 0.06),
    ("Computer and Information Systems Manager", 171_200, 0.07, 0.03, 0.35, 0.40, 0.30),
)
ROLE_NAMES = tuple(r[0] for r in ROLES)
OEWS_MEDIAN = {r[0]: float(r[1]) for r in ROLES}

SENIORITY = ("junior", "mid", "senior", "lead")
SENIORITY_PAY = np.array([0.76, 0.93, 1.12, 1.34])
# seniority mix per role: (employees, contractors); contractors are hired for experience
_SEN_DEFAULT = ((0.18, 0.38, 0.30, 0.14), (0.08, 0.36, 0.40, 0.16))
_SEN_SUPPORT = ((0.38, 0.40, 0.17, 0.05), (0.30, 0.42, 0.22, 0.06))
_SEN_MANAGER = ((0.00, 0.25, 0.45, 0.30), (0.00, 0.15, 0.50, 0.35))
SENIORITY_MIX = tuple(
    _SEN_SUPPORT if "Support" in r else _SEN_MANAGER if "Manager" in r else _SEN_DEFAULT for r in ROLE_NAMES
)

DEPARTMENTS = ("Engineering", "Data & Analytics", "Infrastructure", "Security", "IT Support", "PMO")
# department mix per role, in DEPARTMENTS order
ROLE_DEPARTMENTS = (
    (0.72, 0.22, 0.04, 0.02, 0.00, 0.00),
    (0.05, 0.00, 0.10, 0.85, 0.00, 0.00),
    (0.05, 0.60, 0.35, 0.00, 0.00, 0.00),
    (0.35, 0.30, 0.10, 0.00, 0.05, 0.20),
    (0.15, 0.05, 0.05, 0.05, 0.00, 0.70),
    (0.00, 0.00, 0.80, 0.10, 0.10, 0.00),
    (0.00, 0.00, 0.10, 0.00, 0.90, 0.00),
    (0.30, 0.15, 0.15, 0.10, 0.10, 0.20),
)

# (Amsterdam, last, is drawn by no mix: samplegen/currency.py puts the European office there)
LOCATIONS = ("Chicago", "Austin", "Atlanta", "Denver", "Boston", "Remote", "Amsterdam")
LOCATION_MIX = ((0.24, 0.18, 0.14, 0.12, 0.12, 0.20), (0.12, 0.12, 0.08, 0.08, 0.08, 0.52))

# fictional agencies; Independent = self-employed contractors. (name, share of contractors,
# typical markup over pay, delivery-quality effect on the engagements it delivers)
VENDORS = (
    ("Quillstone Talent", 0.24, 1.45, 0.00),
    ("Cobaltline Staffing", 0.19, 1.36, -0.15),
    ("Harborlight Technical", 0.15, 1.54, 0.20),
    ("Ferncrest Consulting", 0.14, 1.38, 0.10),
    ("Tallowmere Partners", 0.11, 1.32, -0.10),
    ("Independent", 0.17, 1.23, 0.00),
)
AGENCIES = VENDORS[:-1]  # the ones that also deliver engagements

CONTRACTOR_SHARE = 0.33
PART_TIME_CONTRACTOR_SHARE = 0.12
PART_TIME_HOURS = (20.0, 24.0, 30.0, 32.0)
# tenure as a mixture of lognormals: (weight, median months, sigma)
TENURE = {
    "employee": ((0.14, 9.0, 0.5), (0.86, 50.0, 0.65)),
    "contractor": ((1.0, 10.0, 0.6),),
}
MIN_TENURE_DAYS = {"employee": 61, "contractor": 45}
MAX_TENURE_DAYS = {"employee": 40 * 365, "contractor": 4 * 365}
MAX_YEARS_BEFORE = 25

FIRST_NAMES = (
    "Aaliyah Aarav Abigail Adrian Aiden Aisha Alejandro Alex Alice Amara Amir Ana Andre Anika Arjun Ava Beatriz "
    "Benjamin Bianca Brandon Caleb Camila Carlos Chen Chloe Chris Daniel Daniela Darius David Deepa Diego Dmitri "
    "Elena Eli Elijah Emily Emma Ethan Fatima Felix Gabriel Grace Hana Hannah Hiro Ibrahim Isabel Isaiah Ivan "
    "Jada Jamal James Jasmine Javier Jin Jordan Jose Joshua Julia Kai Kenji Kevin Kiara Laila Layla Leo Liam Lucas "
    "Lucia Maya Mei Mia Michael Mohammed Nadia Naomi Nathan Nia Noah Olivia Omar Oscar Priya Rafael Ravi Rosa "
    "Ryan Samuel Sara Sofia Tariq Thomas Valentina Victor Wei Yara Yusuf Zara Zoe"
).split()
LAST_NAMES = (
    "Abbott Adeyemi Alvarez Anderson Bailey Baker Banerjee Bennett Brooks Brown Campbell Carter Castillo Chang Chen "
    "Clarke Cohen Collins Cruz Davis Diaz Dubois Edwards Evans Fernandez Fischer Flores Foster Garcia Gonzalez Gupta "
    "Hall Hansen Harris Hayes Hernandez Hughes Ibrahim Ito Jackson James Jensen Johnson Kaur Kelly Khan Kim Kowalski "
    "Kumar Lee Lewis Lopez Martin Martinez Mehta Miller Mitchell Moore Morales Murphy Nakamura Nguyen Novak Okafor "
    "Olsen Ortiz Patel Perez Petrov Phillips Price Ramirez Reddy Reyes Rivera Roberts Robinson Rossi Russo Sanchez "
    "Santos Schmidt Shah Silva Singh Smith Sullivan Tanaka Taylor Thompson Torres Tran Turner Walker Wang Williams "
    "Wilson Wright Yamamoto Young Zhang"
).split()

# per department: systems | … and actions | …; an engagement is named "<system> <action>"
ENGAGEMENT_NAMES = {
    "Engineering": (
        "Customer Portal|Mobile App|Payments API|Order Management|Checkout Service|Partner API|Pricing Engine|"
        "Notification Service|Claims Platform|Booking System|Loyalty Platform|Developer Platform",
        "Rebuild|Modernisation|Migration|Integration|Refactor|Launch|Upgrade|Redesign",
    ),
    "Data & Analytics": (
        "Data Warehouse|Customer 360|Reporting Platform|Data Lake|Demand Forecasting|BI Dashboards|Master Data|"
        "ETL Pipelines|Data Catalogue|Churn Model",
        "Migration|Build-out|Consolidation|Upgrade|Rollout|Cleanup|Modernisation",
    ),
    "Infrastructure": (
        "Cloud Landing Zone|Data Centre Exit|Network Refresh|Backup Platform|Kubernetes Platform|Storage|WAN|"
        "Monitoring Stack|Disaster Recovery|Server Estate",
        "Migration|Refresh|Rollout|Upgrade|Consolidation|Automation",
    ),
    "Security": (
        "Zero Trust|SIEM|Identity & Access|Endpoint Protection|Vulnerability Management|Privileged Access|"
        "Security Awareness|SOC 2|Email Security",
        "Rollout|Upgrade|Programme|Remediation|Hardening|Audit Readiness",
    ),
    "IT Support": (
        "Service Desk|Laptop Fleet|ITSM Tooling|Self-Service Portal|Onboarding Automation|Collaboration Suite|"
        "Meeting Rooms|Asset Tracking",
        "Refresh|Rollout|Migration|Upgrade|Redesign",
    ),
    "PMO": (
        "Portfolio Tooling|ERP|CRM|HR System|Finance System|Procurement Platform|Vendor Consolidation|Timesheet System",
        "Implementation|Rollout|Replacement|Programme|Upgrade",
    ),
}
