"""The self-contained HTML report: one file, no network, inline CSS and JS.

Article text is untrusted. Jinja2 escapes every value, and a Content-Security-Policy allows only
the report's own inline script (by hash), so even a missed escape could not run injected code.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from crosswire.records import Briefing
from crosswire.render.view import (
    article_index,
    article_segments,
    date_label,
    outlet_name,
    provenance_notes,
    story_views,
    summary_counts,
    timeline_svg,
)


@lru_cache(maxsize=1)
def _environment():
    # deferred: jinja2 takes 0.2 s to import and only the HTML report needs it
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("crosswire.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _script_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()


def render_html(briefing: Briefing) -> str:
    env = _environment()
    script = env.get_template("report.js").render()
    return env.get_template("report.html").render(
        briefing=briefing,
        counts=summary_counts(briefing),
        stories=story_views(briefing),
        articles=article_index(briefing),
        origin_of={i: o.id for o in briefing.origins for i in o.article_ids},
        outlet_name=outlet_name,
        date_label=date_label,
        provenance_notes=provenance_notes,
        script=script,
        script_hash=_script_hash(script),
        segments=article_segments(briefing),
        timeline_svg=timeline_svg,
        fact_text={f.id: f.text for f in briefing.facts},
        statement_article={s.id: s.article_id for s in briefing.statements},
    )
