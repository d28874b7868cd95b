"""The exceptions fvemu raises. Their messages are those of the fvemu command line."""

from __future__ import annotations


class Error(Exception):
    """fvemu could not do what was asked. `exit_status` is what the CLI exits with."""

    def __init__(self, message: str, exit_status: int = 125) -> None:
        super().__init__(message)
        self.exit_status = exit_status


class UsageError(Error, ValueError):
    """A bad argument: an unknown profile or kind, a bad regex, a bad directory."""


class ProgramError(Error):
    """The program cannot be run: unreadable, malformed or dynamically linked ELF."""


class ArchError(ProgramError):
    """The program is for an arch fvemu does not run, or not the one asked for."""


class ProgramNotFoundError(ProgramError, FileNotFoundError):
    """The program file does not exist (the CLI exits 127)."""


class InternalError(Error):
    """fvemu or Unicorn failed; please report it."""


class ViolationError(Error):
    """check() found calls that break the profile's rules. `result` has them all."""

    def __init__(self, result) -> None:
        text = "\n".join(str(v) for v in result.violations)
        super().__init__(f"{len(result.violations)} violation(s) in {result.path} "
                         f"({result.arch}, profile {result.profile}):\n{text}", 10)
        self.result = result
        self.violations = result.violations
