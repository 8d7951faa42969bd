"""Chapter 05: the claims ledger next to the live checks recomputed from ``data/``."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ckaibook.claims import live
from ckaibook.data import countries
from ckaibook.present import prose
from ckaibook.data.datapackage import load
from ckaibook.data.urls import web_url

VERDICT_ORDER = ["supported", "partly-supported", "contradicted", "unverified"]
# Colour-blind-safe diverging scheme (green–purple) plus grey for unverified.
VERDICT_COLOURS = ["#1b7837", "#a6dba0", "#762a83", "#bdbdbd"]
# Which chapter discusses each section of the note.
SECTION_CHAPTER = {
    "intro": "00-introduction",
    "state-of-cooperation": "01-state-of-cooperation",
    "energy-needs": "02-challenges-and-opportunities",
    "energy-cooperation": "02-challenges-and-opportunities",
    "hardware": "02-challenges-and-opportunities",
    "us-china-hedge": "03-indo-pacific",
    "asean": "03-indo-pacific",
    "sustainability": "04-roadmap",
    "policy-talent": "04-roadmap",
}
# Pair-specific wording: a check on another pair cannot agree or disagree with the ledger.
COMPARABLE = {"supported", "partly-supported", "contradicted"}


def live_checks(home: str = countries.HOME, partner: str = countries.PARTNER) -> pd.DataFrame:
    """Every live check for a pair (the data package's ``live_checks`` table for the default pair)."""
    return live.table(home, partner)


def combined(live: pd.DataFrame) -> pd.DataFrame:
    """The ledger with each claim's live verdict (if any) and the chapter that discusses it."""
    ledger = load("claims")
    out = ledger.merge(live[["claim_id", "kind", "verdict", "verdict_rule"]].rename(
        columns={"kind": "live_kind", "verdict": "live_verdict", "verdict_rule": "live_rule"}),
        on="claim_id", how="left")
    out["chapter"] = out["note_section"].map(SECTION_CHAPTER)
    missing = out.loc[out["chapter"].isna(), "note_section"].unique().tolist()
    if missing:
        raise KeyError(f"note sections without a chapter: {missing}")
    return out


def disagreements(table: pd.DataFrame) -> pd.DataFrame:
    """Claims whose live *verdict* (not context) and researched verdict differ (both comparable)."""
    both = table[table["live_verdict"].isin(COMPARABLE) & (table["live_kind"] == "verdict")]
    return both[both["live_verdict"] != both["verdict"]][
        ["claim_id", "claim", "verdict", "live_verdict", "live_rule", "evidence"]].reset_index(drop=True)


def verdict_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Researched verdicts counted by note section (tidy: section, verdict, claims)."""
    counts = table.groupby(["note_section", "verdict"]).size().rename("claims").reset_index()
    order = {s: i for i, s in enumerate(SECTION_CHAPTER)}
    return counts.sort_values(["note_section", "verdict"], key=lambda s: s.map(order) if s.name == "note_section" else s) \
        .reset_index(drop=True)


def counts_chart(counts: pd.DataFrame) -> alt.Chart:
    """Stacked bars of verdicts per section of the note."""
    return alt.Chart(counts).mark_bar().encode(
        y=alt.Y("note_section:N", title=None, sort=list(SECTION_CHAPTER)),
        x=alt.X("claims:Q", title="Claims (count)", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("verdict:N", scale=alt.Scale(domain=VERDICT_ORDER, range=VERDICT_COLOURS),
                        sort=VERDICT_ORDER, title=None),
        order=alt.Order("verdict_rank:Q"),
        tooltip=[alt.Tooltip("note_section:N", title="Section"), alt.Tooltip("verdict:N", title="Verdict"),
                 alt.Tooltip("claims:Q", title="Claims (count)")],
    ).transform_calculate(verdict_rank=f"indexof({VERDICT_ORDER}, datum.verdict)")


def ledger_rows_html(table: pd.DataFrame) -> str:
    """The full ledger as a sortable, searchable HTML table; each row has an anchor ``claim-Cnn``."""
    import html

    head = ["id", "section", "claim", "researched verdict", "live check", "evidence", "source", "discussed in"]
    rows = []
    table = table.fillna({c: "" for c in ("source_title", "source_url", "evidence", "claim")})
    for _, r in table.iterrows():
        source = html.escape(r["source_title"] or "—")
        if url := web_url(r["source_url"]):  # a javascript: or other non-web value stays plain text
            source = f'<a href="{html.escape(url)}">{source}</a>'
        live = "" if pd.isna(r["live_verdict"]) else html.escape(r["live_verdict"])
        chapter = f'<a href="{r["chapter"]}.html">{r["chapter"][:2]}</a>'
        cells = [r["claim_id"], html.escape(r["note_section"]), html.escape(r["claim"]), html.escape(r["verdict"]),
                 live, html.escape(r["evidence"]), source, chapter]
        rows.append(f'<tr id="claim-{r["claim_id"]}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return ('<input type="search" class="ckb-filter" placeholder="Filter claims…" aria-label="Filter the claims table">'
            '<table class="ckb-table ckb-sortable"><thead><tr>'
            + "".join(f'<th scope="col">{h}</th>' for h in head) + "</tr></thead><tbody>" + "".join(rows)
            + "</tbody></table>")


def live_table(live: pd.DataFrame) -> pd.DataFrame:
    """Live checks for display: claim, measure, value with unit and year, rule, both verdicts."""
    ledger = load("claims").set_index("claim_id")
    value = [("—" if pd.isna(v) else f"{v:,.4g} {u}".strip()) + ("" if pd.isna(y) else f" ({int(y)})")
             for v, u, y in zip(live["value"], live["unit"], live["year"])]
    return pd.DataFrame({
        "claim": live["claim_id"], "measure": live["measure"], "value": value, "table": live["table"],
        "kind": live["kind"], "rule": live["verdict_rule"], "live result": live["verdict"],
        "researched verdict": live["claim_id"].map(ledger["verdict"]),
    })


def summary_texts(table: pd.DataFrame, live_df: pd.DataFrame, home: str, partner: str) -> dict[str, str]:
    """The chapter's glued counts: ledger verdicts, and live verdicts vs research (context kept apart)."""
    verdict_rows = live_df[live_df["kind"] == "verdict"]
    comparable = verdict_rows["verdict"].isin(COMPARABLE)
    conflicts = disagreements(table)
    counts = table["verdict"].value_counts().reindex(VERDICT_ORDER).dropna().astype(int)
    return {
        "n_claims": str(len(table)),
        "ledger_counts": ", ".join(f"{n} {v}" for v, n in counts.items()),
        "n_live": str(len(live_df)), "pair_name": f"{countries.name(home)}–{countries.name(partner)}",
        "n_verdicts": str(len(verdict_rows)),
        "n_agree": str(int(comparable.sum()) - len(conflicts)), "n_disagree": str(len(conflicts)),
        "n_other": str(int((~comparable).sum())),
        "n_context": str(int((live_df["kind"] == "context").sum())),
        "counts_title": f"{prose.percent((table['verdict'] == 'supported').mean())} of the note's checkable "
                        "claims are supported as written",
    }


def context_rows(live_df: pd.DataFrame) -> pd.DataFrame:
    """The live results that are context, not verdicts (for their own table)."""
    return live_table(live_df[live_df["kind"] == "context"])
