"""The Dækning map: kommune boundaries (shipped as `kommuner.geojson`) coloured by mentions.

The boundaries are DAGI's (Geodatastyrelsen & Danske Kommuner, via github.com/Neogeografen/dagi),
simplified by `build.py`; README.md here gives the source and licence. The chart carries the
shapes inline (about 220 kB, no file server needed) with one point selection named `kommune`,
which `st.vega_lite_chart(on_select=...)` reports back to the page as [{"kode": 751}].
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import altair as alt

SHAPES = Path(__file__).resolve().parent / "kommuner.geojson"
SELECTION = "kommune"
CREDIT = (
    "Kommunegrænser: DAGI, Geodatastyrelsen & Danske Kommuner (via github.com/Neogeografen/dagi), forenklet."
)


@cache
def kommune_shapes() -> tuple[dict[str, Any], ...]:
    """The 98 kommuner as GeoJSON features with `kode` and `navn` properties, read once."""
    collection = json.loads(SHAPES.read_text(encoding="utf-8"))
    return tuple(collection["features"])


@cache
def _template() -> str:
    """The map's Vega-Lite spec without its data and colour domain, built by Altair once: its
    schema checks of the conditional encodings took about half a second per page run."""
    pick = alt.selection_point(name=SELECTION, fields=["kode"], on="click", clear=False)
    chart = (
        alt.Chart(alt.InlineData(values=[]))
        .mark_geoshape(stroke="white", strokeWidth=0.4)
        .encode(
            color=alt.condition(
                "datum.omtaler > 0",
                alt.Color("omtaler:Q", title="Omtaler", scale=alt.Scale(scheme="blues", domain=[0, 1])),
                alt.value("#e4e4e4"),
            ),
            stroke=alt.condition("datum.valgt", alt.value("black"), alt.value("white")),
            strokeWidth=alt.condition("datum.valgt", alt.value(1.5), alt.value(0.4)),
            tooltip=[alt.Tooltip("navn:N", title="Kommune"), alt.Tooltip("omtaler:Q", title="Omtaler")],
        )
        .add_params(pick)
        .project(type="mercator")
        .properties(height=520)
    )
    return json.dumps(chart.to_dict())


def map_spec(mentions: Mapping[int, int], selected: Collection[int] = ()) -> dict[str, Any]:
    """The map as a Vega-Lite spec: every kommune coloured by its mentions (grey: none), the
    chosen ones outlined in black.

    Each datum is a GeoJSON feature with the values at its top level (`kode`, `navn`,
    `omtaler`), so the selection and the tooltip name plain fields. The shapes go into the
    spec Altair built once (`_template`): given to Altair, every inline value is checked
    against the Vega-Lite schema, which took seconds for the 12,000 boundary points.
    """
    values = [
        {
            "type": "Feature",
            "geometry": feature["geometry"],
            "kode": feature["properties"]["kode"],
            "navn": feature["properties"]["navn"],
            "omtaler": mentions.get(feature["properties"]["kode"], 0),
            "valgt": feature["properties"]["kode"] in selected,
        }
        for feature in kommune_shapes()
    ]
    spec = json.loads(_template())
    spec["encoding"]["color"]["condition"]["scale"]["domain"] = [0, max(max(mentions.values(), default=0), 1)]
    spec["data"] = {"values": values}
    return spec


def picked(state: Any) -> int | None:
    """The kommune code a map click chose, from the chart's widget state; None for none."""
    try:
        points = state["selection"][SELECTION]
    except (KeyError, TypeError):
        return None
    codes = [point.get("kode") for point in points or () if isinstance(point, Mapping)]
    return int(codes[0]) if codes and isinstance(codes[0], int) else None
