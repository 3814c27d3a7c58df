"""Loaders read files and databases, validate them and write tables. No Streamlit here."""
