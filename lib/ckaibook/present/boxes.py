"""Verdict boxes: a live check's result (verdict or context) or the ledger's verdict for an untestable claim.

Each helper displays its box itself (``IPython.display.display``), so it shows wherever it is called,
inside an ``if`` or mid-cell (a returned value would be dropped there).
"""

from __future__ import annotations

import html

from IPython.display import Markdown
from IPython.display import display as _display

from ckaibook.claims.ledger import claim, link
from ckaibook.claims.verdicts import Verdict
from ckaibook.data.urls import web_url


def _esc(text: object) -> str:
    """HTML-escape and escape ``$`` (CommonMark keeps ``\\$`` literal; with dollarmath on, a bare pair of
    dollars, as in "US$693M … US$5.52B", would otherwise be read as maths)."""
    return html.escape(str(text)).replace("$", r"\$")


def _fmt(v: Verdict) -> str:
    if v.value is None:
        return "no value"
    return f"{v.value:,.4g} {v.unit}" + (f" in {v.year}" if v.year else "")


def _show(lines: list[str], explanation: str = "") -> None:
    """Close an admonition's lines (with the explanation under them) and display it."""
    if explanation:
        lines.append(f"\n{_esc(explanation)}")
    lines.append(":::")
    _display(Markdown("\n".join(lines)))


def box(v: Verdict, explanation: str = "") -> None:
    """Show a live check: the claim, the rule, the figure and the ledger's view.

    A ``context`` result is titled as context, not as a verdict: the data reach the claim only
    through a proxy, and chapter 05 does not count it as agreement or disagreement.
    """
    row = claim(v.claim_id).fillna("")
    css = v.verdict.replace(" ", "-")
    if v.kind == "verdict":
        title = f"Verdict: {v.verdict} ({v.claim_id})"
    elif v.verdict in ("supported", "partly-supported", "contradicted"):
        title = f"Context, not a verdict ({v.claim_id}): the data point to {v.verdict.replace('-', ' ')}"
    else:
        title = f"Context, not a verdict ({v.claim_id}): {v.verdict}"
    lines = [
        f":::{{admonition}} {title}",
        f":class: ckb-verdict ckb-verdict-{css}" + ("" if v.kind == "verdict" else " ckb-context"),
        f"**Claim.** {_esc(row['claim'])}  ",
        f"**{'Test' if v.kind == 'verdict' else 'What the data reach'}.** {_esc(v.verdict_rule)}  ",
        f"**Data.** {_esc(v.figure or _fmt(v))} (table `{v.table}`).  ",
        f"**Researched verdict** in the claims ledger: {row['verdict']} — row {link(v.claim_id)}.",
    ]
    _show(lines, explanation)


def ledger_box(claim_id: str, why: str = "No dataset in the mirror measures this.") -> None:
    """Box for a claim the data cannot test: say so and cite the ledger's researched verdict."""
    row = claim(claim_id).fillna("")
    source = row["source_title"] or "no source found"
    # Only web URLs link, in <…> so no character of the URL can end the link early.
    url = web_url(row["source_url"])
    cited = f"[{_esc(source)}](<{url}>)" if url else _esc(source)
    _display(
        Markdown(
            "\n".join(
                [
                    f":::{{admonition}} Not testable with this data ({claim_id}) — ledger: {row['verdict']}",
                    ":class: ckb-verdict ckb-verdict-not-testable",
                    f"**Claim.** {_esc(row['claim'])}  ",
                    f"**Why not testable.** {_esc(why)}  ",
                    f"**Researched verdict:** {row['verdict']}. {_esc(row['evidence'])} Source: {cited}. "
                    f"Row {link(claim_id)}.",
                    ":::",
                ]
            )
        )
    )


def evidence_box(v: Verdict, quote: str, explanation: str = "") -> None:
    """Show a rule applied to a sentence of the note that has no row in the claims ledger.

    Titled as evidence (context), never as a verdict: no claim id is invented, and chapter 05 does
    not list it. ``quote`` is the note's own words the rule bears on.
    """
    lines = [
        f":::{{admonition}} Evidence, not a ledger claim: the data point {v.verdict.replace('-', ' ')}",
        f":class: ckb-verdict ckb-verdict-{v.verdict.replace(' ', '-')} ckb-context",
        f"**The note says.** {_esc(quote)}  ",
        f"**What the data reach.** {_esc(v.verdict_rule)}  ",
        f"**Data.** {_esc(v.figure or _fmt(v))} (table `{v.table}`).",
    ]
    _show(lines, explanation)
