"""No value typed after `make` reaches a shell (or make's own functions): bad values are just bad values.

Each case runs the real Makefile; the injected command would create a file in a temporary folder.
The value is rejected before any chapter runs, so each call takes a second or two.
"""

from __future__ import annotations

import subprocess

import pytest

from ckaibook.book import build, cli
from ckaibook.data import paths

RUNS = paths.runs_root()  # this test process's own (conftest)


def _make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "-s", "--no-print-directory", "-C", str(paths.REPO), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    "variable, template",
    [
        ("PARTNER", "KOR; touch {marker}"),
        ("PARTNER", "`touch {marker}`"),
        ("PARTNER", "$$(touch {marker})"),
        ("PARTNER", "$(shell touch {marker})"),
        ("HOME_ISO", "CAN && touch {marker}"),
        ("START", "2005 | touch {marker}"),
        ("END", "2020\ntouch {marker}"),
        ("CH", "00; touch {marker}"),
        ("CH", "`touch {marker}`"),
        ("CH", "$$(touch {marker})"),
    ],
)
def test_make_passes_values_as_data_never_to_a_shell(tmp_path, variable, template):
    marker = tmp_path / "pwned"
    value = template.format(marker=marker)
    runs_before = sorted(p.name for p in RUNS.iterdir()) if RUNS.is_dir() else []
    assigns = [f"{variable}={value}"] + ([] if variable == "CH" else ["CH=00"])
    result = _make("chapter", *assigns)
    assert not marker.exists(), f"{variable}={value!r} executed a command"
    assert result.returncode != 0
    err = result.stderr.strip().splitlines()
    errors = [line for line in err if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    # The message names the value exactly as typed (one line: newlines shown escaped).
    assert repr(value)[1:-1] in errors[0] or value in errors[0], errors[0]
    assert "Traceback" not in result.stderr
    assert (sorted(p.name for p in RUNS.iterdir()) if RUNS.is_dir() else []) == runs_before


def test_make_params_takes_ch_as_data(tmp_path):
    marker = tmp_path / "pwned"
    result = _make("params", f"CH=02; touch {marker}")
    assert not marker.exists()
    assert result.returncode != 0
    assert f"unknown chapter '02; touch {marker}'" in result.stderr


def test_make_chapter_without_ch_says_which_variable_is_missing():
    result = _make("chapter")
    assert result.returncode != 0
    assert "error: which chapter? give its number, e.g. `make chapter CH=02`" in result.stderr


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["chapter", "02", "--param", "load_mw=1", "--param", "load_mw=2"],
            "parameter 'load_mw' given twice ('1' and '2')",
        ),
        (
            ["chapter", "02", "--param", "load_mw=1", "--param", " load_mw=1"],
            "parameter 'load_mw' given twice ('1' and '1')",
        ),
        (
            ["chapter", "02", "--partner", "JPN", "--param", "partner=USA"],
            "parameter 'partner' given twice ('JPN' and 'USA')",
        ),
        (["chapter", "02", "--partner", "JPN", "--partner", "USA"], "--partner given twice ('JPN' and 'USA')"),
        (["book", "--start-year", "2005", "--start-year", "2010"], "--start-year given twice ('2005' and '2010')"),
    ],
)
def test_a_parameter_given_twice_is_an_error_not_last_one_wins(capsys, monkeypatch, argv, message):
    ran = []
    monkeypatch.setattr(build, "execute_chapters", lambda *a, **k: ran.append(a))
    monkeypatch.setattr(build, "book", lambda *a, **k: ran.append(a))
    code = cli.main(argv)
    err = capsys.readouterr().err.strip()
    assert code == 2 and not ran, "the run went ahead with one of the two values"
    assert err == f"error: {message}; give it once"


def test_values_from_the_environment_reach_the_run(capsys, monkeypatch):
    """What the Makefile exports is what the build receives (and a flag given on the line wins)."""
    calls = []
    monkeypatch.setattr(build, "book", lambda values, **kw: calls.append(values))
    for name, value in {
        "CKAIBOOK_HOME_ISO": "",
        "CKAIBOOK_PARTNER": "JPN",
        "CKAIBOOK_START": "2005",
        "CKAIBOOK_END": "2020",
    }.items():
        monkeypatch.setenv(name, value)
    assert cli.main(["book", "--from-env"]) == 0
    assert cli.main(["book", "--from-env", "--partner", "USA"]) == 0
    assert cli.main(["book"]) == 0  # without --from-env the environment is not read
    assert calls == [
        {"partner": "JPN", "start_year": 2005, "end_year": 2020},
        {"partner": "USA", "start_year": 2005, "end_year": 2020},
        {},
    ]
