"""The report's chart: drones claimed per day and region, one panel per authority, as inline SVG.

Drawn offline (Altair + vl-convert: nothing fetched from the network) from warehouse numbers and
reference names only; vl-convert escapes the text it puts in the SVG.
"""
from __future__ import annotations

from typing import Any


def chart_svg(rows: list[dict[str, Any]]) -> str | None:
    """SVG of rows with event_date, region_name, authority, drones, n_reports; None when there are none."""
    if not rows:
        return None
    import altair as alt
    import pandas as pd
    import vl_convert as vlc

    df = pd.DataFrame(rows)
    df["event_date"] = pd.to_datetime(df["event_date"])
    # keep the chart readable (and under Altair's row limit) on large warehouses: the last 60 days
    # of data, the 20 regions with most drones by name, the rest as "other regions"
    df = df[df["event_date"] > df["event_date"].max() - pd.Timedelta(days=60)]
    top = df.groupby("region_name")["drones"].sum().nlargest(20).index
    df.loc[~df["region_name"].isin(top), "region_name"] = "other regions"
    df = df.groupby(["event_date", "region_name", "authority"], as_index=False)[["drones", "n_reports"]].sum()
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("yearmonthdate(event_date):O", title="Moscow day"),
            y=alt.Y("sum(drones):Q", title="drones claimed"),
            color=alt.Color("region_name:N", title="region", legend=alt.Legend(columns=2, symbolLimit=60)),
            column=alt.Column("authority:N", title="authority"),
            tooltip=["event_date:T", "region_name:N", "authority:N", "drones:Q", "n_reports:Q"],
        )
        .properties(width=260, height=220)
    )
    return vlc.vegalite_to_svg(chart.to_json())
