"""The Celery integration under its short name: see scan_status.integrations.celery."""

from scan_status.integrations.celery import ScanWaits

__all__ = ["ScanWaits"]
