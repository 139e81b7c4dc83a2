"""Waits carried by engines that outlive one process: `celery` (the `celery` extra), and
`environment`, how a worker builds its adapters from its own configuration (docs/fleet.md)."""
