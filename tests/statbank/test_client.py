"""The Statistikbanken client against a real HTTP server on 127.0.0.1 serving captured responses."""

from __future__ import annotations

import pytest

from statbank.client import StatbankClient, StatbankError, parse_csv, parse_jsonstat
from tests.statbank.conftest import FIXTURES, HTML_ERROR, StatbankServer

CAPTURED = FIXTURES / "captured"


def test_tableinfo_of_the_captured_straf42(statbank_server: StatbankServer) -> None:
    statbank_server.answer("tableinfo", "STRAF42", CAPTURED / "STRAF42_tableinfo_da.json")
    with StatbankClient(statbank_server.url) as client:
        info = client.tableinfo("STRAF42")
    assert info.id == "STRAF42" and info.unit == "Antal"
    assert list(info.variables) == ["HERKOMST1", "OVERTRÆD", "AFGØRELSE", "ALDER", "KØN", "Tid"]
    assert info.variables["Tid"].time and not info.variables["Tid"].elimination
    assert info.variables["KØN"].values["TOT"] == "I alt"
    assert info.variables["HERKOMST1"].code_for("I alt") == "00"  # a label maps back to its code
    request = statbank_server.requests[-1]
    assert request["path"] == "/v1/tableinfo" and request["query"]["id"] == "STRAF42"


def test_data_is_a_json_post_asking_for_codes(statbank_server: StatbankServer) -> None:
    statbank_server.answer("data.csv", "STRAF42", CAPTURED / "STRAF42_data.csv")
    with StatbankClient(statbank_server.url) as client:
        rows = client.data("STRAF42", {"HERKOMST1": ["00"], "Tid": ["2023"]})
    request = statbank_server.requests[-1]
    assert request["method"] == "POST" and request["content_type"] == "application/json"
    assert request["json"] == {
        "table": "STRAF42", "lang": "da", "format": "csv", "valuePresentation": "Code",
        "variables": [{"code": "HERKOMST1", "values": ["00"]}, {"code": "Tid", "values": ["2023"]}],
    }  # fmt: skip
    assert [(r.codes, r.value) for r in rows] == [({"HERKOMST1": "Total", "TID": "2023"}, 233454.0)]


def test_captured_csv_with_bom_semicolons_and_crlf() -> None:
    body = (CAPTURED / "STRAF42_data.csv").read_bytes()
    assert body.startswith(b"\xef\xbb\xbf") and b"\r\n" in body  # the real shape
    rows = parse_csv(body)
    assert rows[0].codes == {"HERKOMST1": "Total", "TID": "2023"} and rows[0].value == 233454


def test_captured_folk1a_csv_without_bom_and_with_lf() -> None:
    rows = parse_csv((CAPTURED / "FOLK1A_data_kommuner_2020K1_civilstand.csv").read_bytes())
    assert len(rows) == 525
    copenhagen = [
        r for r in rows if r.codes == {"CIVILSTAND": "I alt", "OMRÅDE": "København", "TID": "2020K1"}
    ]
    assert [r.value for r in copenhagen] == [632340]


def test_captured_jsonstat() -> None:
    rows = parse_jsonstat((CAPTURED / "STRAF42_data_jsonstat.json").read_bytes())
    assert [(r.codes, r.value) for r in rows] == [({"HERKOMST1": "00", "Tid": "2023"}, 233454.0)]
    everything = parse_jsonstat((CAPTURED / "STRAF42_data_all_jsonstat.json").read_bytes())
    assert [(r.codes, r.value) for r in everything] == [({"Tid": "2024"}, 227774.0)]


def test_jsonstat_with_many_cells_is_read_in_row_major_order() -> None:
    rows = parse_jsonstat((FIXTURES / "written" / "FOLK1A_data_2020K1_jsonstat.json").read_bytes())
    assert len(rows) == 105
    by_area = {r.codes["OMRÅDE"]: r.value for r in rows}
    assert by_area["000"] == 5822763 and by_area["101"] == 632340 and by_area["084"] == 1846023
    assert set(rows[0].codes) == {"OMRÅDE", "KØN", "ALDER", "CIVILSTAND", "Tid"}  # the metric is no variable


def test_missing_values_are_none() -> None:
    rows = parse_csv((FIXTURES / "written" / "AUP01_data.csv").read_bytes())
    assert rows[-1].codes["TID"] == "2025M04" and rows[-1].value is None
    assert rows[0].value == 2.9


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"\xef\xbb\xbfHERKOMST1;TID\r\nTotal;2023\r\n", "header does not end with INDHOLD"),
        (b"HERKOMST1;TID;INDHOLD\r\nTotal;2023\r\n", "line 2 has 2 fields, not 3"),
        (b"HERKOMST1;TID;INDHOLD\r\nTotal;2023;mange\r\n", "'mange' is not a number"),
        (b"", "header does not end with INDHOLD"),
        (b"\xff\xfeH\x00", "not UTF-8"),
    ],
)
def test_malformed_csv(body: bytes, message: str) -> None:
    with pytest.raises(StatbankError, match="malformed CSV") as error:
        parse_csv(body)
    assert message in str(error.value)


@pytest.mark.parametrize(
    "body",
    [
        b"{}",
        b"[1, 2]",
        b"not json",
        b'{"dataset": {"dimension": {"id": ["A"], "A": {"category": {"index": {"x": 0}}}}, "value": [1, 2]}}',
    ],
)
def test_malformed_jsonstat(body: bytes) -> None:
    with pytest.raises(StatbankError, match="malformed JSON-stat"):
        parse_jsonstat(body)


def test_server_gone(closed_port_url: str) -> None:
    with StatbankClient(closed_port_url) as client, pytest.raises(StatbankError) as error:
        client.tableinfo("FOLK1A")
    assert str(error.value) == f"cannot reach Statistikbanken at {closed_port_url}: connection refused"


def test_http_500(statbank_server: StatbankServer) -> None:
    statbank_server.answer(
        "data.csv", "FOLK1A", b"Internal Server Error", status=500, content_type="text/plain"
    )
    with (
        StatbankClient(statbank_server.url) as client,
        pytest.raises(StatbankError, match="HTTP 500 for data"),
    ):
        client.data("FOLK1A", {"Tid": ["*"]})


def test_the_api_reason_is_part_of_the_message(statbank_server: StatbankServer) -> None:
    statbank_server.answer(
        "data.csv",
        "FOLK1A",
        b'{"errorTypeCode":"EXTRACT-NOTFOUND","message":"V\xc3\xa6rdien X findes ikke\\r\\n i K\xc3\x98N"}',
        status=400,
    )
    with StatbankClient(statbank_server.url) as client, pytest.raises(StatbankError) as error:
        client.data("FOLK1A", {"KØN": ["X"]})
    assert str(error.value) == "Statistikbanken answered HTTP 400 for data: Værdien X findes ikke i KØN"


def test_unknown_table_is_an_http_error(statbank_server: StatbankServer) -> None:
    with (
        StatbankClient(statbank_server.url) as client,
        pytest.raises(StatbankError, match="HTTP 400 for tableinfo"),
    ):
        client.tableinfo("NOSUCH")


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "text/json"])
def test_html_instead_of_data(statbank_server: StatbankServer, content_type: str) -> None:
    """A proxy or maintenance page: HTML, sometimes even sent with a JSON content type."""
    statbank_server.answer("tableinfo", "FOLK1A", HTML_ERROR, content_type=content_type)
    statbank_server.answer("data.jsonstat", "FOLK1A", HTML_ERROR, content_type=content_type)
    with StatbankClient(statbank_server.url) as client:
        with pytest.raises(StatbankError, match="an HTML page for tableinfo"):
            client.tableinfo("FOLK1A")
        with pytest.raises(StatbankError, match="an HTML page for data"):
            client.data("FOLK1A", {}, format="jsonstat")


def test_tableinfo_that_is_not_tableinfo(statbank_server: StatbankServer) -> None:
    statbank_server.answer("tableinfo", "FOLK1A", b'{"id": "FOLK1A"}')
    statbank_server.answer("tableinfo", "AUP01", b"[]")
    with StatbankClient(statbank_server.url) as client:
        with pytest.raises(StatbankError, match="tableinfo response lacks 'variables'"):
            client.tableinfo("FOLK1A")
        with pytest.raises(StatbankError, match="not a JSON object"):
            client.tableinfo("AUP01")
