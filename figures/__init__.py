"""Figure builders: data in, a plotly Figure or pydeck Deck out. No Streamlit here."""
