"""The shipped kommune boundaries (ui/geo/kommuner.geojson) and their rebuild from ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.refdata import __file__ as refdata_file
from ui.geo import SHAPES, kommune_shapes


def test_one_feature_per_kommune_with_closed_rings() -> None:
    import csv

    with (Path(refdata_file).parent / "kommuner.csv").open(encoding="utf-8") as handle:
        kommuner = {int(row["code"]): row["name"] for row in csv.DictReader(handle)}
    shapes = kommune_shapes()
    assert {f["properties"]["kode"]: f["properties"]["navn"] for f in shapes} == kommuner
    for feature in shapes:
        polygons = feature["geometry"]["coordinates"]
        assert polygons, feature["properties"]
        for ring in (ring for polygon in polygons for ring in polygon):
            assert ring[0] == ring[-1] and len(ring) >= 4
            assert all(8 < lon < 15.3 and 54.5 < lat < 57.8 for lon, lat in ring)


def test_the_shipped_file_is_what_the_build_makes_from_shared() -> None:
    pytest.importorskip("shapely")
    from ui.geo import build

    if not build.SOURCE.exists():
        pytest.skip(f"{build.SOURCE} is not here")
    rebuilt = json.dumps(build.build(), separators=(",", ":")) + "\n"
    assert rebuilt == SHAPES.read_text(encoding="utf-8")
