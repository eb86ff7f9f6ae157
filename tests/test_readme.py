"""The README tells the truth about how CI runs the tests."""

from __future__ import annotations

import re

from tests.conftest import PROJECT


def _readme_commands() -> list[str]:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```\n(.+?)\n```", readme)


def test_readme_has_two_start_commands_and_ci_runs_the_test_one():
    run_command, test_command, *_ = _readme_commands()
    assert run_command.endswith("streamlit run app.py")
    assert "pytest" in test_command
    ci_script = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci_script.splitlines()
