"""Writes of insights' reason classifier: importing labelled history, training and activating
model versions, and recording what agents chose from what was suggested."""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lytte.audit.services import record
from lytte.cases.models import Case, Contact, ContactReason, Direction
from lytte.cases.reasons import create_reason
from lytte.insights.confidence import Calibrated, train_calibrated
from lytte.insights.embeddings import embedder
from lytte.insights.labelled import read_labelled
from lytte.insights.live import forget_active_version
from lytte.insights.models import LabelledText, ReasonModel, ReasonSuggestion
from lytte.insights.vectors import keep_only, vectors_for

logger = logging.getLogger(__name__)
SUGGESTION_SALT = "lytte.insights.suggestion"


def find_reason(value: str) -> ContactReason | None:
    """A reason by its code or by its name in any of the five languages (any letter case)."""
    value = value.strip()
    folded = value.casefold()
    found = ContactReason.objects.filter(code=slugify(value) or value).first()
    if found is not None:
        return found
    for reason in ContactReason.objects.all():
        names = (reason.name, reason.name_nb, reason.name_da, reason.name_sv, reason.name_fi)
        if folded in {name.casefold() for name in names if name}:
            return reason
    return None


@dataclass
class ImportReport:
    imported: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    created_reasons: list[str] = field(default_factory=list)


@transaction.atomic
def import_labelled(
    *, path: Path, create_reasons: bool = False, imported_by: Any = None
) -> ImportReport:
    """Import categorised texts from an earlier system. A reason that does not exist is created
    when `create_reasons` is set, otherwise its rows are rejected. Raises UnusableFile when the
    file as a whole cannot be used."""
    labelled = read_labelled(path)
    report = ImportReport(rejected=list(labelled.rejected))
    reasons: dict[str, ContactReason | None] = {}
    texts = []
    for row in labelled.rows:
        if row.reason not in reasons:
            reasons[row.reason] = find_reason(row.reason)
            if reasons[row.reason] is None and create_reasons:
                reasons[row.reason] = create_reason(
                    code=slugify(row.reason)[:64] or f"imported-{len(reasons)}",
                    name=row.reason[:100],
                    created_by=imported_by,
                )
                report.created_reasons.append(row.reason)
        reason = reasons[row.reason]
        if reason is None:
            report.rejected.append(
                (
                    row.line,
                    _("unknown reason %(value)r (add --create-reasons to create it)")
                    % {"value": row.reason},
                )
            )
            continue
        texts.append(
            LabelledText(
                text=row.text,
                reason=reason,
                language=row.language,
                channel=row.channel,
                created=row.created,
                source=path.name[:255],
            )
        )
    LabelledText.objects.bulk_create(texts, batch_size=1000)
    report.imported = len(texts)
    report.rejected.sort()
    if texts:
        record(
            actor=imported_by,
            action="reasons.imported",
            target=texts[0].reason,
            file=path.name,
            imported=report.imported,
            rejected=len(report.rejected),
        )
    return report


def training_data() -> tuple[list[str], list[str]]:
    """Texts and reason codes: the organization's own categorised contacts (what customers wrote
    and what agents noted, not our replies) and imported history; retired reasons left out."""
    contacts = (
        Contact.objects.exclude(body="")
        .exclude(direction=Direction.OUTBOUND)
        .annotate(label=Coalesce(F("reason__code"), F("case__reason__code")))
        .filter(Q(reason__active=True) | Q(reason__isnull=True, case__reason__active=True))
        .values_list("body", "label")
    )
    imported = LabelledText.objects.filter(reason__active=True).values_list("text", "reason__code")
    pairs = [(text, label) for text, label in [*contacts, *imported] if label]
    return [text for text, _label in pairs], [label for _text, label in pairs]


@dataclass
class Training:
    model: ReasonModel | None
    message: str


def train_model(*, trained_by: Any = None, activate: bool = True) -> Training:
    """Train a new version from the database, measure it on a fifth held out, and make it the
    live one (keeping the previous version). Reasons with fewer than REASONS_MIN_EXAMPLES texts
    are left to the keyword rules."""
    texts, labels = training_data()
    counts = Counter(labels)
    enough = {code for code, count in counts.items() if count >= settings.REASONS_MIN_EXAMPLES}
    kept = [(text, label) for text, label in zip(texts, labels, strict=True) if label in enough]
    if len(enough) < 2:
        return Training(
            None,
            _("Not enough categorised texts: %(n)s reason(s) have %(min)s or more; two are needed.")
            % {"n": len(enough), "min": settings.REASONS_MIN_EXAMPLES},
        )
    started = time.perf_counter()
    x, y = [t for t, _l in kept], [label for _t, label in kept]
    model_of_texts = embedder()
    vectors = vectors_for(x, model_of_texts) if model_of_texts else None
    name = model_of_texts.texts_name if model_of_texts else ""
    calibrated = train_calibrated(
        x,
        y,
        vectors=vectors,
        embedding=name,
        target=settings.REASONS_PRECISION,
        preselect=settings.REASONS_PRESELECT,
    )
    held_out, classifier = calibrated.held_out, calibrated.classifier
    if model_of_texts is not None:
        keep_only(x, model_of_texts.texts_name)
    seconds = time.perf_counter() - started
    artifact = classifier.dumps()
    model = ReasonModel.objects.create(
        artifact=artifact,
        size=len(artifact),
        trained_on=len(x),
        reasons=sorted(enough),
        seconds=round(seconds, 2),
        metrics={
            "accuracy": round(held_out.accuracy, 4),
            "macro_f1": round(held_out.macro_f1, 4),
            "held_out": held_out.count,
            "embedding": name,
            "per_reason": {
                code: [round(v, 4) for v in values[:3]] + [values[3]]
                for code, values in held_out.per_reason.items()
            },
            **_confidence_metrics(calibrated),
        },
    )
    record(
        actor=trained_by,
        action="reasons.model_trained",
        target=model,
        texts=len(x),
        macro_f1=held_out.macro_f1,
    )
    if activate:
        activate_model(model=model, activated_by=trained_by)
    return Training(
        model,
        _("Model v%(version)s trained on %(n)s texts in %(s).1f s; held-out macro-F1 %(f1).2f.")
        % {"version": model.pk, "n": len(x), "s": seconds, "f1": held_out.macro_f1},
    )


def _confidence_metrics(calibrated: Calibrated) -> dict[str, object]:
    """What the desk's "confident" means for this model (decision 52): the precision aimed at,
    each reason's threshold (null: never confident; absent: too few held-out texts, so
    REASONS_PRESELECT), and on the held-out fifth the share of
    texts with a confident suggestion and how many of those were right."""
    found = calibrated.classifier.thresholds or {}
    return {
        "precision_target": calibrated.classifier.precision_target,
        "thresholds": {
            code: round(value, 4) if math.isfinite(value) else None
            for code, value in sorted(found.items())
            if value is not None
        },
        "coverage": round(calibrated.coverage.coverage, 4),
        "covered_accuracy": round(calibrated.coverage.accuracy, 4),
    }


@transaction.atomic
def activate_model(*, model: ReasonModel, activated_by: Any = None) -> None:
    """Make `model` the live one in one transaction; keep the one before it, drop older ones."""
    previous = ReasonModel.objects.filter(active=True).exclude(pk=model.pk).first()
    ReasonModel.objects.filter(active=True).exclude(pk=model.pk).update(active=False)
    ReasonModel.objects.filter(pk=model.pk).update(active=True)
    model.active = True
    keep = {model.pk} | ({previous.pk} if previous else set())
    ReasonModel.objects.exclude(pk__in=keep).filter(created_at__lt=model.created_at).delete()
    record(actor=activated_by, action="reasons.model_activated", target=model)
    transaction.on_commit(forget_active_version)


def sign_suggestion(*, suggested: list[tuple[str, float]], model_version: int | None) -> str:
    """What was shown to the agent, signed: the browser carries it back with the form."""
    return signing.dumps(
        {"s": [[code, round(score, 3)] for code, score in suggested], "m": model_version},
        salt=SUGGESTION_SALT,
    )


def record_choice(
    *, case: Case, token: str, chosen: ContactReason, agent: Any
) -> ReasonSuggestion | None:
    """The agent chose `chosen` after seeing the suggestions in `token`: kept to measure how
    good suggestions are in real use. A missing or tampered token records nothing."""
    try:
        shown = signing.loads(token, salt=SUGGESTION_SALT, max_age=60 * 60 * 12)
    except signing.BadSignature:
        return None
    suggested = [[str(code), float(score)] for code, score in shown.get("s", [])][:3]
    if not suggested:
        return None
    codes = [code for code, _score in suggested]
    rank = codes.index(chosen.code) + 1 if chosen.code in codes else None
    model_id = shown.get("m")
    return ReasonSuggestion.objects.create(
        case=case,
        suggested=suggested,
        model_id=model_id if ReasonModel.objects.filter(pk=model_id).exists() else None,
        chosen=chosen,
        rank=rank,
        agent=agent,
    )
