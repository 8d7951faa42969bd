"""Chapter 05: the claims ledger next to the live checks recomputed from ``data/``."""

from __future__ import annotations

import html

import altair as alt
import pandas as pd
from IPython.display import HTML
from IPython.display import display as _display

from ckaibook.claims import ledger, live
from ckaibook.data import countries
from ckaibook.data.datapackage import load
from ckaibook.data.urls import web_url
from ckaibook.present import display, prose
from ckaibook.present.sections import Section

VERDICT_ORDER = ledger.VERDICT_ORDER
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
# The note's sections as a reader knows them (the ledger's ids are slugs).
SECTION_TITLES = {
    "intro": "Introduction",
    "state-of-cooperation": "State of co-operation",
    "energy-needs": "AI energy needs",
    "energy-cooperation": "Energy co-operation",
    "hardware": "Hardware",
    "us-china-hedge": "US–China hedge",
    "asean": "ASEAN",
    "sustainability": "Sustainability",
    "policy-talent": "Policy and talent",
}
# Pair-specific wording: a check on another pair cannot agree or disagree with the ledger.
COMPARABLE = {"supported", "partly-supported", "contradicted"}


def live_checks(home: str = countries.HOME, partner: str = countries.PARTNER) -> pd.DataFrame:
    """Every live check for a pair (the data package's ``live_checks`` table for the default pair)."""
    return live.table(home, partner)


def combined(live: pd.DataFrame) -> pd.DataFrame:
    """The ledger with each claim's live verdict (if any) and the chapter that discusses it."""
    ledger = load("claims")
    out = ledger.merge(
        live[["claim_id", "kind", "verdict", "verdict_rule"]].rename(
            columns={"kind": "live_kind", "verdict": "live_verdict", "verdict_rule": "live_rule"}
        ),
        on="claim_id",
        how="left",
    )
    out["chapter"] = out["note_section"].map(SECTION_CHAPTER)
    missing = out.loc[out["chapter"].isna(), "note_section"].unique().tolist()
    if missing:
        raise KeyError(f"note sections without a chapter: {missing}")
    return out


def disagreements(table: pd.DataFrame) -> pd.DataFrame:
    """Claims whose live *verdict* (not context) and researched verdict differ (both comparable)."""
    both = table[table["live_verdict"].isin(COMPARABLE) & (table["live_kind"] == "verdict")]
    return both[both["live_verdict"] != both["verdict"]][
        ["claim_id", "claim", "verdict", "live_verdict", "live_rule", "evidence"]
    ].reset_index(drop=True)


def verdict_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Researched verdicts counted by note section (tidy: section, section title, verdict, claims)."""
    counts = table.groupby(["note_section", "verdict"]).size().rename("claims").reset_index()
    order = {s: i for i, s in enumerate(SECTION_CHAPTER)}
    counts = counts.sort_values(
        ["note_section", "verdict"], key=lambda s: s.map(order) if s.name == "note_section" else s
    )
    counts["section"] = counts["note_section"].map(section_title)
    return counts.reset_index(drop=True)


def section_title(slug: str) -> str:
    """The note section's title for a reader ('energy-needs' → 'AI energy needs'); unknown slugs as given."""
    return SECTION_TITLES.get(slug, slug)


def counts_chart(counts: pd.DataFrame) -> alt.Chart:
    """Stacked bars of verdicts per section of the note."""
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            y=alt.Y("section:N", title=None, sort=[section_title(s) for s in SECTION_CHAPTER]),
            x=alt.X("claims:Q", title="Claims (count)", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "verdict:N",
                scale=alt.Scale(domain=VERDICT_ORDER, range=VERDICT_COLOURS),
                sort=VERDICT_ORDER,
                title=None,
            ),
            order=alt.Order("verdict_rank:Q"),
            tooltip=[
                alt.Tooltip("section:N", title="Section"),
                alt.Tooltip("verdict:N", title="Verdict"),
                alt.Tooltip("claims:Q", title="Claims (count)"),
            ],
        )
        .transform_calculate(verdict_rank=f"indexof({VERDICT_ORDER}, datum.verdict)")
    )


LEDGER_COLUMNS = (
    ("id", "6%"),
    ("claim (and the ledger's evidence)", "46%"),
    ("verdict: researched, live", "15%"),
    ("source", "19%"),
    ("section, chapter", "14%"),
)


def ledger_rows_html(table: pd.DataFrame) -> str:
    """The full ledger as a sortable, searchable HTML table; each row has an anchor ``claim-Cnn``.

    Five columns fit the page: the evidence is folded under its claim (``<details>``, still found by the
    filter), the live result sits under the researched verdict, and the chapter link under the section.
    """
    rows = []
    table = table.fillna({c: "" for c in ("source_title", "source_url", "evidence", "claim")})
    for _, r in table.iterrows():
        source = html.escape(r["source_title"] or "—")
        if url := web_url(r["source_url"]):  # a javascript: or other non-web value stays plain text
            source = f'<a href="{html.escape(url)}">{source}</a>'
        verdict = html.escape(r["verdict"])
        if not pd.isna(r["live_verdict"]):
            kind = " (context)" if r.get("live_kind") == "context" else ""
            verdict += f"<br><small>live: {html.escape(r['live_verdict'])}{kind}</small>"
        claim = html.escape(r["claim"])
        if r["evidence"]:
            claim += f"<details><summary>Evidence</summary>{html.escape(r['evidence'])}</details>"
        where = (
            f'{html.escape(section_title(r["note_section"]))}<br>'
            f'<small><a href="{r["chapter"]}.html">chapter {r["chapter"][:2]}</a></small>'
        )
        cells = [r["claim_id"], claim, verdict, source, where]
        rows.append(f'<tr id="claim-{r["claim_id"]}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    cols = "".join(f'<col style="width: {w}">' for _, w in LEDGER_COLUMNS)
    return (
        '<input type="search" class="ckb-filter" placeholder="Filter claims…" aria-label="Filter the claims table">'
        f'<table class="ckb-table ckb-sortable"><colgroup>{cols}</colgroup><thead><tr>'
        + "".join(f'<th scope="col">{html.escape(h)}</th>' for h, _ in LEDGER_COLUMNS)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def show_ledger(table: pd.DataFrame) -> None:
    """Display :func:`ledger_rows_html` now (a returned HTML object shows only as a cell's last value)."""
    _display(HTML(ledger_rows_html(table)))


def value_text(value: float, unit: str = "") -> str:
    """A live-check value with its unit for a table: thousands separated, a few significant digits,
    whole numbers without decimals, never ``1e+04`` (``10949.5, 'US$ million' → 'US$10,950 million'``)."""
    size = abs(value)
    decimals = 0 if size >= 1000 or float(value).is_integer() else 1 if size >= 10 else 2 if size >= 1 else 3
    if unit.startswith("US$ "):  # money keeps its symbol in front, as in the prose
        return f"US${prose.number(value, decimals)} {unit[4:]}"
    return prose.number(value, decimals, unit)


def live_table(live_df: pd.DataFrame) -> pd.DataFrame:
    """Live checks for display: claim, kind, what was measured, the data, both results.

    The data column is each check's ``figure``, the same words (years, rounding) as the verdict box in
    the chapter that discusses the claim; a check without one shows its value, unit and year. The rules
    are long; :func:`rules_html` lists them under the table, by claim.
    """
    ledger = load("claims").set_index("claim_id")
    figures = live_df["figure"] if "figure" in live_df else pd.Series("", index=live_df.index)
    data = [
        str(f)
        if isinstance(f, str) and f
        else ("—" if pd.isna(v) else value_text(float(v), "" if pd.isna(u) else str(u)))
        + ("" if pd.isna(y) else f" ({int(y)})")
        for f, v, u, y in zip(figures, live_df["value"], live_df["unit"], live_df["year"], strict=False)
    ]
    return pd.DataFrame(
        {
            "claim": live_df["claim_id"].to_numpy(),
            "kind": live_df["kind"].to_numpy(),
            "measure": live_df["measure"].to_numpy(),
            "data": data,
            "live result": live_df["verdict"].to_numpy(),
            "researched verdict": live_df["claim_id"].map(ledger["verdict"]).to_numpy(),
        }
    )


def rules_html(live_df: pd.DataFrame) -> str:
    """Each check's rule and the tables it reads, as a definition list keyed by claim."""
    items = "".join(
        f"<dt>{html.escape(r.claim_id)} <small>({html.escape(str(r.table))})</small></dt>"
        f"<dd>{html.escape(str(r.verdict_rule))}</dd>"
        for r in live_df.itertuples()
    )
    return f'<dl class="ckb-rules">{items}</dl>'


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary_texts(table: pd.DataFrame, live_df: pd.DataFrame, home: str, partner: str) -> dict[str, str]:
    """The chapter's glued counts: ledger verdicts, and live verdicts vs research (context kept apart).

    Only live *verdicts* are compared with the research, and only for the note's own pair: the
    researched verdicts are about the note's claims on that pair, so a result for another pair says
    how the same test comes out there, not whether the research holds.
    """
    verdict_rows = live_df[live_df["kind"] == "verdict"]
    comparable = verdict_rows["verdict"].isin(COMPARABLE)
    counts = table["verdict"].value_counts().reindex(VERDICT_ORDER).dropna().astype(int)
    n_verdicts, n_comparable = len(verdict_rows), int(comparable.sum())
    n_context = int((live_df["kind"] == "context").sum())
    note_pair = countries.pair_name(countries.HOME, countries.PARTNER)
    texts = {
        "n_claims": str(len(table)),
        "ledger_counts": ", ".join(f"{n} {v}" for v, n in counts.items()),
        "n_live": str(len(live_df)),
        "pair_name": countries.pair_name(home, partner),
        "n_verdicts": str(n_verdicts),
        "n_context": str(n_context),
        "note_pair_name": note_pair,
        "counts_title": f"{prose.percent((table['verdict'] == 'supported').mean())} of the note's checkable "
        "claims are supported as written",
    }
    if countries.is_note_pair(home, partner):
        n_disagree = len(disagreements(table))
        texts["verdict_sentence"] = (
            f"Of the {_count(n_verdicts, 'check that tests', 'checks that test')} a claim as stated, "
            f"{n_comparable - n_disagree} agree with the researched verdict, "
            f"{_count(n_disagree, 'disagrees', 'disagree')} (listed below) and {n_verdicts - n_comparable} cannot be "
            "compared (not testable with this data)."
        )
    else:
        results = (
            verdict_rows.loc[comparable, "verdict"]
            .value_counts()
            .reindex([v for v in VERDICT_ORDER if v in COMPARABLE])
            .dropna()
            .astype(int)
        )
        tally = ", ".join(f"{n} {v}" for v, n in results.items()) or "none"
        texts["verdict_sentence"] = (
            f"Of the {_count(n_verdicts, 'check that tests', 'checks that test')} a claim as stated, "
            + (
                f"{n_comparable} can be run for {countries.pair_name(home, partner)} ({tally}); "
                "the rest are specific to "
                if n_comparable
                else f"none can be run for {countries.pair_name(home, partner)}: all are specific to "
            )
            + f"the note's pair ({note_pair}) or not testable with this data. "
            "The researched verdicts are about the note's claims "
            f"on {note_pair}, so results for another pair are not counted as agreeing or disagreeing with them."
        )
    texts["context_sentence"] = (
        f"The other {_count(n_context, 'bears', 'bear')} on {'its claim' if n_context == 1 else 'their claims'} "
        "only through a proxy (another scope, a premise, a circular source): listed as context and counted "
        "neither way."
        if n_context
        else "No live result is context only."
    )
    return texts


def summary_section(table: pd.DataFrame, live_df: pd.DataFrame, home: str, partner: str) -> Section:
    """The chapter's glued counts and the chart of researched verdicts by section of the note."""
    texts = summary_texts(table, live_df, home, partner)
    return Section(texts=texts, title=texts["counts_title"], chart=counts_chart(verdict_counts(table)))


def show_live_checks(live_df: pd.DataFrame, home: str, partner: str) -> None:
    """Display every live check for the pair (verdicts first, then context), then each check's rule."""
    ordered = live_df.assign(_k=(live_df["kind"] != "verdict")).sort_values(["_k", "claim_id"], kind="stable")
    ordered = ordered.drop(columns="_k")
    display.table(live_table(ordered), caption=f"Live checks for {countries.pair_name(home, partner)} (rules below)")
    _display(HTML(rules_html(ordered)))


def show_disagreements(table: pd.DataFrame, home: str, partner: str) -> None:
    """Display the claims whose live verdict differs from the research, or a note saying why there are none."""
    if not countries.is_note_pair(home, partner):
        display.note(
            f"The researched verdicts are about the note's claims on "
            f"{countries.pair_name(countries.HOME, countries.PARTNER)}; "
            f"live results for {countries.pair_name(home, partner)} "
            "are listed above and not compared with them."
        )
        return
    conflicts = disagreements(table)
    if conflicts.empty:
        display.note("No live verdict disagrees with the researched verdict.")
        return
    shown = conflicts.drop(columns="live_rule").rename(
        columns={"claim_id": "claim id", "verdict": "researched verdict", "live_verdict": "live verdict"}
    )
    display.table(shown, caption="Claims whose live verdict differs from the researched one (rules listed above)")


def context_rows(live_df: pd.DataFrame) -> pd.DataFrame:
    """The live results that are context, not verdicts (for their own table)."""
    return live_table(live_df[live_df["kind"] == "context"])


def show_context(live_df: pd.DataFrame, home: str, partner: str) -> None:
    """Display the context rows, or a note when there are none."""
    rows = context_rows(live_df)
    if rows.empty:
        display.note(f"No live result for {countries.pair_name(home, partner)} is context only.")
        return
    display.table(rows, caption=f"Live results that are context for their claim, {countries.pair_name(home, partner)}")
