"""The pages of the Streamlit app; each file is one page routed by `ui/app.py`."""
