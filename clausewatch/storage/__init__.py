"""Storage: tables, migrations and the keyword-only functions that read and write them."""
