"""Realistic polyfactory factories for the ``openai`` SDK's models."""

from __future__ import annotations

from ._engine import SDKModelFactory, factory_for

__all__ = ["SDKModelFactory", "factory_for"]
