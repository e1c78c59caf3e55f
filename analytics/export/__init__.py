"""How figures leave the app: formatting of money, hours and percentages, literal text for markdown, and CSV/Excel downloads."""
