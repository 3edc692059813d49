"""Reusable widgets of the Reconnect app."""
