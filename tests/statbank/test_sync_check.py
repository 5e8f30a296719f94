"""`stats sync` and `stats check` end to end: a 127.0.0.1 Statistikbanken, SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner, Result

from store.db import get_engine, session_scope
from tests.statbank.conftest import FIXTURES, HTML_ERROR, StatbankServer

FOLK1A_CSV = FIXTURES / "captured" / "FOLK1A_data_kommuner_2020K1_civilstand.csv"
FOLK1A_JSONSTAT = FIXTURES / "written" / "FOLK1A_data_2020K1_jsonstat.json"
AUP01_CSV = FIXTURES / "written" / "AUP01_data.csv"
# An annual AULP01 answer in the captured CSV shape (BOM, ';', CRLF), written for these tests.
AULP01_CSV = "\ufeffOMRÅDE;ALDER;KØN;TID;INDHOLD\r\n101;TOT;TOT;2024;3,5\r\n000;TOT;TOT;2024;2,9\r\n".encode()


def invoke(database_url: str, statbank_url: str, *args: str) -> Result:
    from core.settings import get_settings
    from kommunevagt.cli import app

    get_settings.cache_clear()
    env = {"DATABASE_URL": database_url, "KOMMUNEVAGT_STATBANK_URL": statbank_url}
    try:
        return CliRunner(env=env).invoke(app, list(args))
    finally:
        get_settings.cache_clear()


def official_rows(url: str) -> dict[tuple[str, str, str], tuple[Any, ...]]:
    with session_scope(get_engine(url)) as session:
        rows = session.execute(
            text(
                "SELECT table_id, area_code, period, value, subject_type, subject_code, unit, link, "
                "fetched_at, variable_codes, measure FROM official_figure"
            )
        ).all()
    return {(r[0], r[1], r[2]): tuple(r[3:]) for r in rows}


@pytest.fixture
def server(statbank_server: StatbankServer) -> StatbankServer:
    statbank_server.tableinfo_fixtures()
    statbank_server.answer("data.csv", "FOLK1A", FOLK1A_CSV)
    statbank_server.answer("data.jsonstat", "FOLK1A", FOLK1A_JSONSTAT)
    statbank_server.answer("data.csv", "AUP01", AUP01_CSV)
    statbank_server.answer("data.csv", "AULP01", AULP01_CSV)
    return statbank_server


def test_sync_stores_every_area_and_a_resync_updates_in_place(
    migrated_database_url: str, server: StatbankServer
) -> None:
    result = invoke(migrated_database_url, server.url, "stats", "sync", "--measure", "befolkning")
    assert result.exit_code == 0, result.output
    assert "stored 104 official figures from FOLK1A" in result.output
    rows = official_rows(migrated_database_url)
    assert len(rows) == 104  # Hele landet, 5 regions, 98 kommuner; Christiansø is no kommune
    assert rows[("FOLK1A", "101", "2020K1")][:5] == (
        632340,
        "kommune",
        101,
        "personer",
        "https://www.statbank.dk/FOLK1A",
    )
    assert rows[("FOLK1A", "084", "2020K1")][:3] == (1846023, "region", 1084)
    assert rows[("FOLK1A", "000", "2020K1")][:3] == (5822763, "national", None)
    assert rows[("FOLK1A", "101", "2020K1")][6:] == ("ALDER=IALT,CIVILSTAND=TOT,KØN=TOT", "befolkning")
    assert ("FOLK1A", "411", "2020K1") not in rows
    data = [r for r in server.requests if r["method"] == "POST"][-1]["json"]
    assert data["format"] == "csv" and data["valuePresentation"] == "Code"
    variables = {v["code"]: v["values"] for v in data["variables"]}
    assert (
        variables["KØN"] == ["TOT"] and variables["ALDER"] == ["IALT"] and variables["CIVILSTAND"] == ["TOT"]
    )
    assert variables["Tid"] == ["*"] and len(variables["OMRÅDE"]) == 104 and "411" not in variables["OMRÅDE"]

    again = invoke(
        migrated_database_url, server.url, "stats", "sync", "-m", "befolkning", "--format", "jsonstat"
    )
    assert again.exit_code == 0, again.output
    after = official_rows(migrated_database_url)
    assert set(after) == set(rows)
    assert after[("FOLK1A", "101", "2020K1")][0] == 632340
    assert after[("FOLK1A", "101", "2020K1")][5] > rows[("FOLK1A", "101", "2020K1")][5]  # fetched_at moved


def test_sync_one_kommune_of_a_measure_with_two_tables(
    migrated_database_url: str, server: StatbankServer
) -> None:
    result = invoke(
        migrated_database_url, server.url, "stats", "sync", "-m", "ledighedsprocent", "--kommune", "101"
    )
    assert result.exit_code == 0, result.output
    rows = official_rows(migrated_database_url)
    # Only København, although the answers also hold other areas; the missing value (..) is skipped.
    assert sorted(rows) == [
        ("AULP01", "101", "2024"), ("AUP01", "101", "2025M01"), ("AUP01", "101", "2025M02"),
        ("AUP01", "101", "2025M03"),
    ]  # fmt: skip
    assert rows[("AULP01", "101", "2024")][0] == 3.5 and rows[("AUP01", "101", "2025M02")][0] == 3.3
    posted = [r["json"] for r in server.requests if r["method"] == "POST"]
    assert [p["table"] for p in posted] == ["AUP01", "AULP01"]
    assert all({"code": "OMRÅDE", "values": ["101"]} in p["variables"] for p in posted)


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        ("gone", "cannot reach Statistikbanken at http://127.0.0.1:"),
        ("500", "Statistikbanken answered HTTP 500 for data"),
        ("html", "Statistikbanken answered an HTML page for data, not data"),
        ("csv", "malformed CSV: line 2 has 2 fields, not 6"),
        ("map", "the map of befolkning does not fit FOLK1A: FOLK1A: variable CIVILSTAND has no value TOT"),
    ],
)
def test_a_failed_sync_says_why_in_one_line_and_keeps_the_cache(
    migrated_database_url: str, server: StatbankServer, closed_port_url: str, break_it: str, message: str
) -> None:
    assert invoke(migrated_database_url, server.url, "stats", "sync", "-m", "befolkning").exit_code == 0
    before = official_rows(migrated_database_url)
    url = server.url
    if break_it == "gone":
        url = closed_port_url
    elif break_it == "500":
        server.answer("data.csv", "FOLK1A", b"Internal Server Error", status=500, content_type="text/plain")
    elif break_it == "html":
        server.answer("data.csv", "FOLK1A", HTML_ERROR, content_type="text/html")
    elif break_it == "csv":
        server.answer(
            "data.csv",
            "FOLK1A",
            b"\xef\xbb\xbfOMR\xc3\x85DE;K\xc3\x98N;ALDER;CIVILSTAND;TID;INDHOLD\r\n101;TOT\r\n",
        )
    else:
        info = json.loads((FIXTURES / "tableinfo" / "FOLK1A_tableinfo_da.json").read_text(encoding="utf-8"))
        info["variables"][3]["values"] = info["variables"][3]["values"][1:]  # CIVILSTAND without TOT
        server.answer("tableinfo", "FOLK1A", json.dumps(info).encode())
    result = invoke(migrated_database_url, url, "stats", "sync", "-m", "befolkning")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert lines[0].startswith("stats sync: ") and lines[0].endswith("; the cached figures are unchanged")
    assert message in lines[0]
    assert official_rows(migrated_database_url) == before


def test_sync_refuses_an_unknown_measure_or_kommune(
    migrated_database_url: str, server: StatbankServer
) -> None:
    result = invoke(migrated_database_url, server.url, "stats", "sync", "-m", "lykke")
    assert result.exit_code == 2 and "unknown measure 'lykke'" in result.stderr
    result = invoke(
        migrated_database_url, server.url, "stats", "sync", "-m", "befolkning", "--kommune", "999"
    )
    assert result.exit_code == 1 and "FOLK1A has no area 999" in result.stderr
    assert official_rows(migrated_database_url) == {}


def extract_line(path: str, sentence: str, statistics: list[dict[str, Any]]) -> str:
    """One object of `kommunevagt extract --jsonl` with figure records (CONTRACT.md)."""
    record = {
        "path": path, "kommuner": [], "regions": [], "persons": [], "quotes": [], "statistics": statistics,
        "claims": [{"text": sentence, "start": 0, "end": len(sentence), "source": None,
                    "statistics": list(range(len(statistics))), "speaker": None, "kommuner": []}],
    }  # fmt: skip
    return json.dumps(record, ensure_ascii=False)


def stat(text_: str, value: float, measure: str | None, subject: tuple[str, int | None], period: str | None,
         *, kind: str = "count", approx: bool = False) -> dict[str, Any]:  # fmt: skip
    return {
        "text": text_, "start": 0, "end": len(text_), "kind": kind, "value": value, "value_max": None,
        "unit": None, "approx": approx, "of": None, "measure": measure, "measure_text": None,
        "subject": {"type": subject[0], "code": subject[1]}, "period": period, "period_inferred": False,
        "change": None,
    }  # fmt: skip


def test_check_extract_output_against_the_synced_figures(
    migrated_database_url: str, server: StatbankServer, tmp_path: Path
) -> None:
    assert invoke(migrated_database_url, server.url, "stats", "sync", "-m", "befolkning").exit_code == 0
    assert invoke(migrated_database_url, server.url, "stats", "sync", "-m", "ledighedsprocent").exit_code == 0
    sentence = "København havde 632.340 indbyggere ved udgangen af 2019, og ledigheden var 3,4 pct."
    lines = [
        extract_line("avis/1.txt", sentence, [
            stat("632.340", 632340, "befolkning", ("kommune", 101), "2019"),  # 2019 -> 2020K1 (a stock)
            stat("3,4 pct.", 3.4, "ledighedsprocent", ("kommune", 101), "2025M01", kind="percent"),
        ]),
        extract_line("avis/2.txt", "Regionen har ca. 1,8 mio. indbyggere.", [
            stat("ca. 1,8 mio.", 1_800_000, "befolkning", ("region", 1084), "2019", approx=True),
        ]),
        extract_line("avis/3.txt", "Landet har 5,9 mio. indbyggere og 3 pct. ledige i første kvartal.", [
            stat("5,9 mio.", 5_900_000, "befolkning", ("national", None), "2019"),
            stat("3 pct.", 3.0, "ledighedsprocent", ("national", None), "2025K1", kind="percent"),
            stat("3 pct.", 3.0, "ledighedsprocent", ("kommune", 101), "2025M06", kind="percent"),
            stat("12", 12, None, ("kommune", 101), "2024"),  # no measure: never compared
            stat("12", 12, "budget", ("kommune", 101), "2024", kind="money"),
        ]),
    ]  # fmt: skip
    source = tmp_path / "extract.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke(
        migrated_database_url,
        "http://127.0.0.1:9/v1",
        "stats",
        "check",
        "--jsonl",
        "--from-jsonl",
        str(source),
    )
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    verdicts = [(o["document_url"], o["text"], o["verdict"], o["official"], o["table"]) for o in out]
    assert verdicts == [
        ("avis/1.txt", "632.340", "matches", 632340, "FOLK1A"),
        ("avis/1.txt", "3,4 pct.", "matches", 3.4, "AUP01"),
        ("avis/2.txt", "ca. 1,8 mio.", "rounded", 1846023, "FOLK1A"),
        ("avis/3.txt", "5,9 mio.", "differs", 5822763, "FOLK1A"),
        ("avis/3.txt", "3 pct.", "rounded", pytest.approx(2.866667), "AUP01"),  # mean of 2025M01-M03
        ("avis/3.txt", "3 pct.", "no_official_figure", None, "AUP01"),  # 2025M06 is not synced
        ("avis/3.txt", "12", "no_official_figure", None, None),  # budget: no table mapped
    ]  # fmt: skip
    first = out[0]
    assert (
        first["sentence"] == sentence and first["period"] == "2019" and first["official_period"] == "2020K1"
    )
    assert first["subject"] == {"type": "kommune", "code": 101} and first["claimed"] == 632340
    assert first["source"] == "Kilde: Danmarks Statistik, StatBank.dk/FOLK1A"
    assert first["link"] == "https://www.statbank.dk/FOLK1A"
    assert out[3]["relative_gap"] == pytest.approx((5_900_000 - 5822763) / 5822763, abs=1e-6)
    assert out[4]["official_period"] == "2025M01..2025M03"
    assert "figures checked (differs 1, matches 2, no_official_figure 2, rounded 2)" in result.stderr

    plain = invoke(migrated_database_url, server.url, "stats", "check", "--from-jsonl", str(source))
    assert (
        "matches: '632.340' (befolkning, kommune 101, 2019) - officielt 632340 personer (FOLK1A 2020K1). "
        "Kilde: Danmarks Statistik, StatBank.dk/FOLK1A https://www.statbank.dk/FOLK1A" in plain.stdout
    )


def test_check_reports_bad_lines_and_checks_the_rest(migrated_database_url: str, tmp_path: Path) -> None:
    source = tmp_path / "extract.jsonl"
    good = extract_line("a.txt", "s", [stat("5", 5, "befolkning", ("kommune", 101), "2019")])
    source.write_text("{not json\n" + good + "\n[1]\n", encoding="utf-8")
    result = invoke(
        migrated_database_url,
        "http://127.0.0.1:9/v1",
        "stats",
        "check",
        "--jsonl",
        "--from-jsonl",
        str(source),
    )
    assert result.exit_code == 1
    assert [json.loads(line)["verdict"] for line in result.stdout.splitlines()] == ["no_official_figure"]
    assert f"stats check: {source}: line 1: not an extract record" in result.stderr
    assert f"stats check: {source}: line 3: not an extract record" in result.stderr
    missing = invoke(
        migrated_database_url, "", "stats", "check", "--from-jsonl", str(tmp_path / "nope.jsonl")
    )
    assert missing.exit_code == 1 and "cannot read" in missing.stderr


def test_check_from_an_empty_database_checks_nothing(migrated_database_url: str) -> None:
    result = invoke(migrated_database_url, "", "stats", "check", "--jsonl")
    assert result.exit_code == 0 and result.stdout == ""
    assert "0 figures checked (no figure records)" in result.stderr


def test_check_reads_the_figure_records_of_the_store(
    migrated_database_url: str, server: StatbankServer
) -> None:
    """Claims come from the store's figure records (revision 0005)."""
    from store.crud import store_analysed_document
    from tests.store.factories import sample

    assert invoke(migrated_database_url, server.url, "stats", "sync", "-m", "ledighedsprocent").exit_code == 0
    document, extraction = sample(1)  # København 3,1 / Brøndby... percentages (see factories)
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        store_analysed_document(session=session, document=document, extraction=extraction)
        session.execute(
            text(
                "UPDATE statistic SET measure = 'ledighedsprocent', subject_type = 'kommune', "
                "period = '2025M02'"
            )
        )
        session.execute(text("UPDATE statistic SET subject_code = 153 WHERE text = '2,1 procent'"))
        session.execute(text("UPDATE statistic SET subject_code = 860 WHERE text = '3,1 procent'"))
        session.execute(text("UPDATE statistic SET subject_code = 101 WHERE text = '4,1 procent'"))
    result = invoke(migrated_database_url, "", "stats", "check", "--jsonl")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(o["text"], o["subject"]["code"], o["official"], o["verdict"]) for o in out] == [
        ("2,1 procent", 153, 3.8, "differs"),
        ("3,1 procent", 860, 2.7, "differs"),
        ("4,1 procent", 101, 3.3, "differs"),
    ]
    assert all(o["document_url"] == document.url for o in out)
    assert out[0]["sentence"].startswith("I Brøndby Kommune er ledigheden nu 2,1 procent")
    assert out[0]["link"] == "https://www.statbank.dk/AUP01"


def test_verify_the_map_against_the_tableinfo(server: StatbankServer, closed_port_url: str) -> None:
    result = invoke("", server.url, "stats", "verify")
    assert result.exit_code == 0, result.output
    assert "every table, variable and code of the map exists" in result.stdout
    asked = {r["query"]["id"] for r in server.requests if r["method"] == "GET"}
    assert asked == {"FOLK1A", "AUP01", "AULP01", "AUF01", "AUL01", "AUK01", "PSKAT", "KVOTIEN", "BOL101"}

    info = json.loads((FIXTURES / "tableinfo" / "AUK01_tableinfo_da.json").read_text(encoding="utf-8"))
    info["variables"][1]["values"] = [v for v in info["variables"][1]["values"] if v["id"] != "SY"]
    server.answer("tableinfo", "AUK01", json.dumps(info).encode())
    broken = invoke("", server.url, "stats", "verify")
    assert broken.exit_code == 1
    assert broken.stdout.splitlines() == ["sygedagpenge: AUK01: variable YDELSESTYPE has no value SY"]

    offline = invoke("", closed_port_url, "stats", "verify", "-m", "befolkning")
    assert offline.exit_code == 1 and offline.stderr.startswith("stats verify: cannot reach Statistikbanken")


def test_the_command_is_registered() -> None:
    result = invoke("", "", "--help")
    assert result.exit_code == 0 and "stats" in result.stdout
    sub = invoke("", "", "stats", "--help")
    assert all(name in sub.stdout for name in ("sync", "check", "verify"))
