"""A small client for Statistikbanken's API (`api.statbank.dk/v1`): `tableinfo` and `data`.

Both shapes the API answers `data` with are parsed into the same rows: CSV (UTF-8 with a BOM,
`;` separators, CRLF line ends, a header of variable ids plus `INDHOLD`) and JSON-stat 1.x
(`{"dataset": {"dimension": ..., "value": [...]}}`). Every way the API can fail (nothing
listening, an HTTP error, an HTML error page, a malformed body) becomes one `StatbankError`
whose message is a single line fit for the console, so callers never see a traceback.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any, Literal

import httpx

DataFormat = Literal["csv", "jsonstat"]
# Statistikbanken writes these instead of a number where a figure is missing or confidential.
MISSING = {"", "..", ".", "-", ":"}


class StatbankError(Exception):
    """Statistikbanken could not be reached or answered something that is not a valid response."""


@dataclass(frozen=True)
class Variable:
    """One variable of a table: its id, whether it may be left out, and its value codes -> texts."""

    id: str
    text: str
    elimination: bool
    time: bool
    values: dict[str, str]

    def code_for(self, cell: str) -> str | None:
        """The value code of a cell that holds either the code or the text (valuePresentation Default)."""
        if cell in self.values:
            return cell
        for code, text in self.values.items():
            if text == cell:
                return code
        return None


@dataclass(frozen=True)
class TableInfo:
    """The parts of a `tableinfo` response that the mapping and the parsers need."""

    id: str
    text: str
    unit: str
    variables: dict[str, Variable] = field(default_factory=dict)

    @classmethod
    def from_json(cls, payload: Mapping[str, Any]) -> TableInfo:
        try:
            variables = {
                v["id"]: Variable(
                    id=v["id"],
                    text=v.get("text", ""),
                    elimination=bool(v.get("elimination", False)),
                    time=bool(v.get("time", False)),
                    values={str(x["id"]): str(x.get("text", x["id"])) for x in v["values"]},
                )
                for v in payload["variables"]
            }
            return cls(
                id=str(payload["id"]),
                text=str(payload.get("text", "")),
                unit=str(payload.get("unit", "")),
                variables=variables,
            )
        except (KeyError, TypeError) as exc:
            raise StatbankError(f"tableinfo response lacks {exc}") from None


@dataclass(frozen=True)
class Row:
    """One cell of a table: the value code of every variable, and the value (None when missing)."""

    codes: dict[str, str]
    value: float | None


def _number(cell: str) -> float | None:
    """A CSV cell as a number: Statistikbanken writes decimals with a point (or comma, lang=da)."""
    cell = cell.strip()
    if cell in MISSING:
        return None
    try:
        return float(cell.replace(",", "."))
    except ValueError:
        raise StatbankError(f"malformed CSV: {cell[:40]!r} is not a number") from None


def parse_csv(body: bytes) -> list[Row]:
    """Rows of a CSV `data` response; cells are codes or texts, exactly as the API sent them."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatbankError("malformed CSV: not UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header = next(reader, None)
    if not header or header[-1].strip() != "INDHOLD":
        raise StatbankError("malformed CSV: the header does not end with INDHOLD")
    names = [h.strip() for h in header[:-1]]
    rows = []
    for line_no, cells in enumerate(reader, start=2):
        if not cells:
            continue
        if len(cells) != len(header):
            raise StatbankError(f"malformed CSV: line {line_no} has {len(cells)} fields, not {len(header)}")
        rows.append(Row(codes=dict(zip(names, cells[:-1], strict=True)), value=_number(cells[-1])))
    return rows


def parse_jsonstat(body: bytes) -> list[Row]:
    """Rows of a JSON-stat 1.x `data` response (values in row-major order over `dimension.id`)."""
    try:
        dataset = json.loads(body)["dataset"]
        dimension = dataset["dimension"]
        ids: list[str] = dimension["id"]
        values: list[float | None] = dataset["value"]
        axes = []
        for dim_id in ids:
            index = dimension[dim_id]["category"]["index"]
            ordered = sorted(index, key=index.__getitem__) if isinstance(index, dict) else list(index)
            axes.append(ordered)
    except (ValueError, KeyError, TypeError):
        raise StatbankError("malformed JSON-stat: no dataset with dimensions and values") from None
    roles = dimension.get("role", {})
    metric = set(roles.get("metric", []))
    cells = list(product(*axes))
    if len(cells) != len(values):
        raise StatbankError(f"malformed JSON-stat: {len(values)} values for {len(cells)} cells")
    rows = []
    for combination, value in zip(cells, values, strict=True):
        codes = {dim: code for dim, code in zip(ids, combination, strict=True) if dim not in metric}
        rows.append(Row(codes=codes, value=None if value is None else float(value)))
    return rows


def _api_message(response: httpx.Response) -> str | None:
    """The API's own reason for an error (`{"errorTypeCode": ..., "message": ...}`), on one line."""
    try:
        payload = response.json()
    except ValueError:
        return None
    message = payload.get("message") if isinstance(payload, dict) else None
    return " ".join(str(message).split())[:200] if message else None


class StatbankClient:
    """Talks to one Statistikbanken base URL (the setting `KOMMUNEVAGT_STATBANK_URL`)."""

    def __init__(self, base_url: str, *, timeout: float = 30.0, lang: str = "da") -> None:
        self.base_url = base_url.rstrip("/")
        self.lang = lang
        self._http = httpx.Client(timeout=timeout, headers={"User-Agent": "kommunevagt (stats sync)"})

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> StatbankClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        url = f"{self.base_url}/{path}"
        try:
            response = self._http.request(method, url, **kwargs)
        except httpx.ConnectError:
            raise StatbankError(
                f"cannot reach Statistikbanken at {self.base_url}: connection refused"
            ) from None
        except httpx.TimeoutException:
            raise StatbankError(f"Statistikbanken at {self.base_url} did not answer in time") from None
        except httpx.HTTPError as exc:
            raise StatbankError(f"request to {url} failed: {type(exc).__name__}") from None
        if response.status_code >= 400:
            reason = _api_message(response)
            detail = f": {reason}" if reason else ""
            raise StatbankError(f"Statistikbanken answered HTTP {response.status_code} for {path}{detail}")
        head = response.content.lstrip(b"\xef\xbb\xbf \r\n\t")[:64].lower()
        if "html" in response.headers.get("content-type", "") or head.startswith((b"<!doctype", b"<html")):
            raise StatbankError(f"Statistikbanken answered an HTML page for {path}, not data")
        return response

    def tableinfo(self, table_id: str) -> TableInfo:
        """Variables and value codes of one table (GET /tableinfo)."""
        response = self._send(
            "GET", "tableinfo", params={"id": table_id, "format": "JSON", "lang": self.lang}
        )
        try:
            payload = response.json()
        except ValueError:
            raise StatbankError(f"tableinfo for {table_id} is not JSON") from None
        if not isinstance(payload, dict):
            raise StatbankError(f"tableinfo for {table_id} is not a JSON object")
        return TableInfo.from_json(payload)

    def data(
        self, table_id: str, variables: Mapping[str, Sequence[str]], *, format: DataFormat = "csv"
    ) -> list[Row]:
        """Cells of a table for the given value codes per variable (JSON POST /data).

        Variables left out are eliminated by Statistikbanken (summed or totalled). Values are
        asked for as codes (`valuePresentation: Code`); a response with texts instead still
        parses, and `TableInfo` maps them back to codes.
        """
        body = {
            "table": table_id,
            "lang": self.lang,
            "format": "jsonstat" if format == "jsonstat" else "csv",
            "valuePresentation": "Code",
            "variables": [{"code": code, "values": list(values)} for code, values in variables.items()],
        }
        response = self._send("POST", "data", json=body)
        if format == "jsonstat":
            return parse_jsonstat(response.content)
        return parse_csv(response.content)
