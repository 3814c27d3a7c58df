"""The Streamlit edge: cached reads and the parts every page shares."""
