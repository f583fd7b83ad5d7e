"""Issue 12: nothing the planner writes is refused when read back.

Reproductions 1, 2, 3, 4, 9 and 10 of the issue, each as the user met it: on the command
line (``planner.cli.main``, or a real process where the file name's bytes matter). They use
only what the command line offers, so they run against the code before the fix too (and
fail there). The rules behind them are tested in tests/test_write_read_rules.py, the window
in tests/ui/test_ui_write_read_law.py, the law as a property in
tests/test_write_read_property.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import main
from planner.core.links import LinkError, check_link

LAST_WEEK = "9999-W51"  # the last week whose seven days Python's date type holds
LATEST_52 = "9998-W53"  # the latest start of a 52-week plan that ends by then


def run(capsys: pytest.CaptureFixture[str], data_file: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-file", str(data_file), *argv])
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------------------ repro 9


@pytest.mark.parametrize("link", [
    "mailto:a@example.com?attach=/root/.ssh/id_rsa",
    "mailto:a@example.com?subject=hi&Attachment=/etc/passwd",
    "mailto:a@example.com?%61ttach=/root/.ssh/id_rsa",
    "mailto:a@example.com?ATTACH=x",
    "mailto:a@example.com?subject=hi;attach=/root/.ssh/id_rsa",
    "mailto:a@example.com?cc=b@example.com",
    "mailto:a@example.com?bcc=b@example.com",
    "mailto:a@example.com?x-header=1",
])
def test_repro9_a_mailto_link_sets_only_subject_and_body(link: str) -> None:
    with pytest.raises(LinkError, match=r"sets the header '[^']+'.*may set only subject and "
                       "body"):
        check_link(link)


def test_repro9_the_import_refuses_it_naming_the_header(capsys, data_file: Path,
                                                       tmp_path: Path) -> None:
    listing = tmp_path / "mail.md"
    listing.write_text("- [Keys](mailto:a@example.com?attach=/root/.ssh/id_rsa)\n"
                       "- [Fine](https://example.com/fine)\n")
    code, out, _ = run(capsys, data_file, "import", str(listing))
    assert code == 0
    assert "Keys" in out and "sets the header 'attach' (it attaches a file)" in out
    assert "attach" not in data_file.read_text()
