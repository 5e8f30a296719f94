"""The Dækning map: kommune boundaries (shipped as `kommuner.geojson`) coloured by mentions.

The boundaries are DAGI's (Geodatastyrelsen & Danske Kommuner, via github.com/Neogeografen/dagi),
simplified by `build.py`; README.md here gives the source and licence. The chart carries the
shapes inline (about 220 kB, no file server needed) with one point selection named `kommune`,
which `st.altair_chart(on_select=...)` reports back to the page as [{"kode": 751}].
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


def map_chart(mentions: Mapping[int, int], selected: Collection[int] = ()) -> alt.Chart:
    """Every kommune coloured by its mentions (grey: none); the chosen ones outlined in black.

    Each datum is a GeoJSON feature with the values at its top level (`kode`, `navn`,
    `omtaler`), so the selection and the tooltip name plain fields.
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
    pick = alt.selection_point(name=SELECTION, fields=["kode"], on="click", clear=False)
    highest = max(mentions.values(), default=0)
    return (
        alt.Chart(alt.Data(values=values))
        .mark_geoshape(stroke="white", strokeWidth=0.4)
        .encode(
            color=alt.condition(
                "datum.omtaler > 0",
                alt.Color(
                    "omtaler:Q", title="Omtaler", scale=alt.Scale(scheme="blues", domain=[0, max(highest, 1)])
                ),
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


def picked(state: Any) -> int | None:
    """The kommune code a map click chose, from the chart's widget state; None for none."""
    try:
        points = state["selection"][SELECTION]
    except (KeyError, TypeError):
        return None
    codes = [point.get("kode") for point in points or () if isinstance(point, Mapping)]
    return int(codes[0]) if codes and isinstance(codes[0], int) else None
