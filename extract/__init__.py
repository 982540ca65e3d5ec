"""projfacts: construction and industrial project facts from Chinese regional news."""

__version__ = "0.1.0"
