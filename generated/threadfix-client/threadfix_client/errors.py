# Generated from specs/threadfix.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
"""Contains shared errors types that can be raised from API functions"""


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class UnexpectedResponse(Exception):
    """Raised by api functions when the server's answer cannot be read as the spec describes it: a body of the wrong shape, a body that is not JSON, or a status code outside HTTP's registry."""

    def __init__(self, status_code: int, content: bytes, reason: str):
        self.status_code = status_code
        self.content = content
        self.reason = reason

        super().__init__(
            f"Unexpected response (HTTP {status_code}): {reason}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class InvalidPathParameter(ValueError):
    """Raised by api functions, before anything is sent, for a path parameter that cannot stay one segment of the operation's path: empty, "." or ".." (which URL normalisation would remove, sending the request to another resource), or text with no UTF-8 form. `name` is the argument."""

    def __init__(self, name: str, value: str, reason: str):
        self.name = name
        self.value = value
        self.reason = reason
        shown = value if len(value) <= 40 else value[:40] + "..."

        super().__init__(f"path parameter {name}={shown!r} cannot be sent: {reason}")


__all__ = ["InvalidPathParameter", "UnexpectedResponse", "UnexpectedStatus"]
