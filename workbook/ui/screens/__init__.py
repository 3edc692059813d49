"""Screens of the Reconnect app."""
