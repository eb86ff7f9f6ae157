"""The Streamlit user interface: pages, charts and cached access to the store.

It lays out and draws; every number it shows comes from :mod:`analysis`.
"""
