"""The names real exports use, as data beside analytics/store/schema.py: header synonyms per schema
column, value synonyms per allowed value, and the words for yes and no in common languages.

Drawn from common HRIS (Workday, BambooHR, SAP SuccessFactors, Personio), VMS (SAP Fieldglass,
Beeline) and PSA/time-tracking (Kantata, Harvest, Clockify, DATEV-style German exports) files.
Every key is compared after `header_key` / `value_key`, so case, spacing and punctuation never
matter.
"""

from __future__ import annotations

import re


def header_key(text: str) -> str:
    """A header as compared: lowercase letters and digits only ("Std Hours/Week" → "stdhoursweek")."""
    return re.sub(r"[^0-9a-zäöüßéèàçñ]+", "", str(text).strip().lower())


def value_key(text: str) -> str:
    """A cell value as compared: lowercase, spaces, dots, dashes, slashes and underscores removed
    ("W-2" → "w2", "Non-billable" → "nonbillable"). The SQL twin is validation.value_key_sql."""
    return re.sub(r"[\s._/\-]+", "", str(text).strip().lower())


# schema column → header names seen in exports (the column's own name always matches too).
HEADERS: dict[str, tuple[str, ...]] = {
    "worker_id": (
        "Employee ID", "Employee Number", "Emp No", "Emp ID", "EmpID", "Person Number", "Person ID", "Worker ID",
        "Personnel Number", "Staff ID", "Resource ID", "User ID", "Contractor ID", "Personalnummer", "Pers.-Nr.",
        "Mitarbeiter-ID", "Mitarbeiternummer", "Matricule",
    ),
    "full_name": (
        "Name", "Employee Name", "Worker Name", "Full Name", "Resource Name", "Person", "Display Name",
        "Legal Name", "Mitarbeiter", "Nom",
    ),
    "worker_type": (
        "Type", "Worker Type", "Employee Type", "Employment Type", "Worker Category", "Worker Class",
        "Worker Sub-Type", "Resource Type", "Beschäftigungsart", "Vertragsart",
    ),
    "role": ("Job Title", "Job Family", "Position", "Job Profile", "Title", "Job", "Job Role", "Funktion", "Stelle"),
    "seniority": ("Level", "Grade", "Job Level", "Career Level", "Band", "Seniority Level", "Stufe", "Karrierestufe"),
    "department": (
        "Dept", "Department Name", "Cost Center", "Cost Centre", "Org Unit", "Organization", "Supervisory Organization",
        "Team", "Abteilung", "Kostenstelle",
    ),
    "location": ("Location", "Work Location", "Office", "Site", "City", "Standort", "Arbeitsort"),
    "vendor": (
        "Agency", "Supplier", "Staffing Supplier", "Staffing Agency", "Vendor Name", "Supplier Name", "Partner",
        "Lieferant", "Dienstleister",
    ),
    "start_date": (
        "Hire Date", "Start Date", "Original Hire Date", "Date of Joining", "Joining Date", "Engagement Start",
        "Assignment Start", "Eintrittsdatum", "Eintritt",
    ),
    "end_date": (
        "Termination Date", "Last Day", "Last Day of Work", "End Date", "Leaving Date", "Separation Date",
        "Assignment End", "Austrittsdatum", "Austritt",
    ),
    "annual_salary": ("Annual Salary", "Salary", "Base Salary", "Annual Base Pay", "Base Pay", "Jahresgehalt", "Gehalt"),
    "hourly_rate": ("Bill Rate", "Pay Rate", "Hourly Rate", "Rate", "Rate per Hour", "Stundensatz"),
    "weekly_capacity_hours": (
        "Std Hours/Week", "Standard Hours", "Scheduled Weekly Hours", "Weekly Hours", "Hours per Week",
        "Contracted Hours", "Wochenstunden", "Sollstunden",
    ),
    # engagements
    "engagement_id": (
        "Project ID", "Project", "Project Code", "Project Number", "Engagement", "Engagement Code", "SOW ID",
        "Work Order ID", "Projekt", "Projektnummer", "Projekt-Nr.",
    ),
    "name": ("Project Name", "Engagement Name", "Title", "Projektname"),
    "planned_start": ("Planned Start", "Planned Start Date", "Baseline Start", "Geplanter Beginn"),
    "planned_end": ("Planned End", "Planned End Date", "Baseline End", "Geplantes Ende"),
    "actual_start": ("Actual Start", "Actual Start Date", "Tatsächlicher Beginn"),
    "actual_end": ("Actual End", "Actual End Date", "Tatsächliches Ende"),
    "budget": ("Budget", "Budget Amount", "Contract Value", "SOW Value", "Budget (USD)"),
    "status": ("Status", "Project Status", "Engagement Status", "Stage"),
    "quality_score": ("Quality Score", "Quality", "Delivery Rating", "CSAT", "Rating"),
    "pricing_model": (
        "Pricing Model", "Pricing", "Pricing Type", "Contract Type", "Commercial Model", "Fee Type", "SOW Type",
        "Billing Model", "Engagement Model", "Abrechnungsmodell", "Preismodell",
    ),
    # timesheets and time off
    "week_start": (
        "Week Start", "Week Starting", "Week Beginning", "Week Of", "Week", "Period Start", "Week Start Date",
        "Wochenbeginn", "Woche", "Kalenderwoche ab",
    ),
    "hours": ("Hours", "Hours Logged", "Total Hours", "Time (h)", "Duration", "Stunden", "Std.", "Heures"),
    "billable": ("Billable", "Is Billable", "Billable?", "Chargeable", "Billing", "Abrechenbar", "Fakturierbar", "Facturable"),
    "review_date": ("Review Date", "Rating Date", "Appraisal Date", "Bewertungsdatum"),
    # currencies and exchange rates
    "currency": ("Currency", "Currency Code", "Pay Currency", "Salary Currency", "Rate Currency", "ISO Currency",
                 "Währung", "Devise", "Moneda"),
    "month": ("Month", "Rate Month", "Month Start", "Monat"),
    "rate_to_reporting": ("Exchange Rate", "FX Rate", "Conversion Rate", "Rate to Reporting", "Rate to USD",
                          "Rate to EUR", "Wechselkurs", "Umrechnungskurs", "Taux de change"),
}

# Header names that hold a full-time equivalent (1.0 = a standard week): multiplied by STANDARD_WEEK.
FTE_HEADERS = ("FTE", "Full Time Equivalent", "FTE %", "Headcount FTE")
FTE_COLUMN = "weekly_capacity_hours"
STANDARD_WEEK_HOURS = 40.0

# allowed value → words exports use for it (matched after value_key; the value itself matches too).
VALUES: dict[str, dict[str, tuple[str, ...]]] = {
    "worker_type": {
        "employee": ("Employee", "FTE", "Regular", "Permanent", "W-2", "W2", "Full-time", "Part-time", "Staff",
                     "Internal", "Angestellt", "Festangestellt", "Mitarbeiter", "Salarié"),
        "contractor": ("Contractor", "Contingent", "Contingent Worker", "Consultant", "Temp", "Temporary", "1099",
                       "SOW", "Independent Contractor", "External", "Extern", "Contract"),
    },
    "seniority": {
        "junior": ("Junior", "Jr", "Entry", "Entry Level", "Associate", "Graduate", "I", "L1"),
        "mid": ("Mid", "Mid-level", "Midlevel", "Intermediate", "Professional", "II", "L2", "Regular Level"),
        "senior": ("Senior", "Sr", "Experienced", "III", "L3"),
        "lead": ("Lead", "Principal", "Staff Level", "Architect", "Manager", "Head", "IV", "L4", "L5"),
    },
    "status": {
        "planned": ("Planned", "Not Started", "Pipeline", "Proposed", "Draft", "Geplant"),
        "active": ("Active", "In Progress", "Open", "Ongoing", "Running", "Started", "Aktiv", "Laufend"),
        "completed": ("Completed", "Complete", "Closed", "Done", "Finished", "Delivered", "Abgeschlossen"),
        "cancelled": ("Cancelled", "Canceled", "Terminated", "Abandoned", "On Hold Cancelled", "Abgebrochen", "Storniert"),
    },
    "pricing_model": {
        "time_and_materials": ("T&M", "TM", "T and M", "Time and Materials", "Time & Materials", "Time and Material",
                               "Time & Material", "Hourly", "Per Hour", "Rate Based", "Nach Aufwand", "Aufwand",
                               "Régie", "Regie"),
        "fixed_fee": ("Fixed fee", "Fixed price", "Fixed-price", "Fixed", "FFP", "Firm Fixed Price", "Lump sum",
                      "Flat fee", "Festpreis", "Pauschal", "Pauschale", "Forfait", "Prix fixe"),
        "milestone": ("Milestone", "Milestones", "Milestone based", "Milestone-based", "Milestone payments",
                      "Deliverable based", "Meilenstein", "Meilensteine", "Jalon", "Jalons"),
    },
}

VALUES["currency"] = {
    "USD": ("$", "US$", "US Dollar", "US Dollars", "Dollar"),
    "EUR": ("€", "Euro", "Euros"),
    "GBP": ("£", "Pound", "Pound sterling", "Sterling"),
    "JPY": ("¥", "Yen"),
    "CHF": ("Swiss franc", "Franken", "SFr", "Fr."),
    "INR": ("₹", "Rupee", "Rupees"),
}

# Booleans in the common forms and languages.
TRUE_WORDS = ("true", "t", "yes", "y", "1", "x", "ja", "j", "oui", "sí", "si", "sim", "billable",
              "chargeable", "abrechenbar", "fakturierbar", "facturable", "wahr", "vrai")
FALSE_WORDS = ("false", "f", "no", "n", "0", "nein", "non", "não", "nao", "nonbillable", "notbillable",
               "nonchargeable", "unbillable", "internal", "nichtabrechenbar", "nichtfakturierbar",
               "nonfacturable", "falsch", "faux")


def header_synonyms(column: str) -> tuple[str, ...]:
    """Every header that names `column`, its own name first."""
    return (column, *HEADERS.get(column, ()))


def value_synonyms(column: str) -> dict[str, str]:
    """value_key(word) → allowed value, for a column with allowed values (empty if none declared)."""
    out: dict[str, str] = {}
    for allowed, words in VALUES.get(column, {}).items():
        out[value_key(allowed)] = allowed
        for w in words:
            out.setdefault(value_key(w), allowed)
    return out


def boolean_words() -> dict[str, bool]:
    """value_key(word) → True/False."""
    return {**{value_key(w): False for w in FALSE_WORDS}, **{value_key(w): True for w in TRUE_WORDS}}
