"""Arpenteur: an open-source platform for territorial residencies."""
