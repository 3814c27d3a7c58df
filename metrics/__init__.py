"""Pure, typed functions: query results in, numbers out. No Streamlit, no file paths, no I/O."""
