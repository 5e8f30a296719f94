"""Rebuild `kommuner.geojson` (the Dækning map) from the DAGI TopoJSON in ../shared/data/geo/.

    .venv/bin/python -m ui.geo.build [../shared/data/geo/kommuner.topojson]

The TopoJSON keeps each border between two kommuner once, as an arc; simplifying the arcs (not
the polygons) therefore moves a shared border the same way on both sides, without gaps or
overlaps. Douglas-Peucker at 0.002 degrees (about 130-220 m, under a pixel on a 600-pixel map
of Denmark) keeps a file the page can send on every run; rings that collapse (small islets)
are dropped. Islands of one kommune become one MultiPolygon feature, so the map has one feature
per kommune: 98, each with its code and name (0411 Christiansø is not a kommune and is left out).
Needs shapely (a development dependency): the app itself only reads the JSON.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

from shapely.geometry import LineString

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parents[1].parent / "shared" / "data" / "geo" / "kommuner.topojson"
TARGET = HERE / "kommuner.geojson"
KOMMUNER = HERE.parents[1] / "core" / "refdata" / "kommuner.csv"
TOLERANCE = 0.002
DECIMALS = 4

Point = tuple[float, float]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """The arcs in longitude/latitude: quantised positions are delta-encoded, then transformed."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(arc: list[Point]) -> list[Point]:
    """Douglas-Peucker on one arc; its end points (where three kommuner meet) stay put."""
    kept = LineString(arc).simplify(TOLERANCE).coords if len(arc) > 2 else arc
    return [(round(x, DECIMALS), round(y, DECIMALS)) for x, y in kept]


def ring(arc_ids: list[int], arcs: list[list[Point]]) -> list[Point]:
    """A closed ring from its arcs (~i is arc i reversed); shared end points are kept once."""
    points: list[Point] = []
    for index in arc_ids:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _polygons(geometry: dict[str, Any], arcs: list[list[Point]]) -> list[list[list[Point]]]:
    parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    polygons = []
    for part in parts:
        outer, *holes = (ring(ids, arcs) for ids in part)
        if len(set(outer)) >= 3:  # else an islet collapsed by the simplification
            polygons.append([outer, *(hole for hole in holes if len(set(hole)) >= 3)])
    return polygons


def build(source: Path = SOURCE) -> dict[str, Any]:
    """The FeatureCollection: one MultiPolygon per kommune with `kode` (int) and `navn`."""
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = [simplify(arc) for arc in decode_arcs(topology)]
    with KOMMUNER.open(encoding="utf-8") as handle:
        names = {int(row["code"]): row["name"] for row in csv.DictReader(handle)}
    shapes: dict[int, list[list[list[Point]]]] = {}
    for geometry in topology["objects"]["stdin"]["geometries"]:
        code = int(geometry["properties"]["KOMKODE"])
        if code in names:
            shapes.setdefault(code, []).extend(_polygons(geometry, arcs))
    features = [
        {
            "type": "Feature",
            "properties": {"kode": code, "navn": names[code]},
            "geometry": {"type": "MultiPolygon", "coordinates": shapes[code]},
        }
        for code in sorted(shapes)
    ]
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    collection = build(source)
    TARGET.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(r) for f in collection["features"] for p in f["geometry"]["coordinates"] for r in p)
    print(f"{TARGET}: {len(collection['features'])} kommuner, {points} points, {TARGET.stat().st_size} bytes")


if __name__ == "__main__":
    main()
