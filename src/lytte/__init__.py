"""Lytte: a self-hosted customer-dialogue platform for Nordic businesses."""
