"""An independent reference for the dashboard's headline figures, written from PRODUCT.md alone."""
