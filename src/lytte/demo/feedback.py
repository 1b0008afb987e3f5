"""The demo's customer feedback: satisfaction surveys on two in five resolved demo cases, a
third of them answered (lower on complaints and faults), comments in the customer's language,
"what went wrong" for low scores, a few follow-ups, and an NPS programme with its answers.

Surveys are bulk-written (a service call per survey sends mail and announces events); the
questions, follow-ups and the comment words go through the feedback app's own code.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from lytte.accounts.models import User
from lytte.cases.models import Case
from lytte.customers.models import Customer
from lytte.demo.customers import DemoCustomer
from lytte.demo.feedback_texts import BAD, FOLLOW_UP_RESULTS, GOOD
from lytte.feedback.comments import index_comment
from lytte.feedback.models import AskedBy, Choice, FollowUp, NpsProgram, NpsSurvey, Question, Survey
from lytte.feedback.services.follow_ups import close_follow_up, open_follow_up
from lytte.feedback.services.nps import current_nps_question
from lytte.feedback.services.questions import current_question

SURVEYED = 0.4  # of resolved cases
ANSWERED = 0.35  # of surveys sent
COMMENTED = 0.45  # of answers
FOLLOW_UPS = 4  # low scores followed up (two of them closed with a result)
NPS_PROGRAMME = "Kundeundersøkelse (NPS)"
NPS_ANSWERS = 100
LANGUAGES = ("nb", "da", "sv", "fi", "en")
# Score weights 1-5 by the case's reason: complaints and faults lower, praise higher.
USUAL = (4, 5, 10, 30, 51)
BY_REASON = {
    "praise": (1, 1, 4, 24, 70),  # not low: praise is rated high
    "complaint": (22, 20, 22, 22, 14),
    "fault": (14, 14, 20, 28, 24),
    "login": (16, 16, 20, 26, 22),
    "app-error": (14, 14, 20, 28, 24),
    "delayed-delivery": (14, 16, 22, 26, 22),
    "wrong-amount": (10, 12, 20, 30, 28),
}
NPS_WEIGHTS = (2, 1, 1, 2, 2, 4, 5, 10, 14, 26, 33)  # 0-10


@dataclass(frozen=True)
class FeedbackLoad:
    surveys: int
    answered: int
    nps_answers: int


def _language(customer: Customer | DemoCustomer | None) -> str:
    language = customer.language if customer is not None else ""
    return language if language in LANGUAGES else "nb"


def _comment(rng: random.Random, language: str, score: int) -> str:
    if score == 3 or rng.random() >= COMMENTED:
        return ""
    return rng.choice(GOOD[language] if score >= 4 else BAD[language])


def _survey(
    rng: random.Random, case: Case, questions: dict[str, Question], now: datetime
) -> Survey | None:
    resolved = case.resolved_at or case.closed_at
    if resolved is None or resolved + timedelta(hours=1) >= now:
        return None
    sent = resolved + timedelta(hours=1)
    language = _language(case.customer)
    survey = Survey(
        case=case,
        customer=case.customer,
        state=Survey.State.SENT,
        send_after=sent,
        sent_at=sent,
        language=language,
        question=questions[language],
        reason_id=case.reason_id,
        channel=case.channel,
        sent_by=AskedBy.EMAIL,
        team_id=case.team_id,
        agent_id=case.assignee_id,
        organization_id=case.organization_id,
        created_at=resolved,
    )
    if rng.random() < ANSWERED:
        code = case.reason.code if case.reason is not None else ""
        survey.score = rng.choices(range(1, 6), BY_REASON.get(code, USUAL))[0]
        survey.answered_at = min(sent + timedelta(minutes=rng.randrange(5, 48 * 60)), now)
        survey.state = Survey.State.ANSWERED
        survey.comment = _comment(rng, language, survey.score)
    return survey


def _what_went_wrong(rng: random.Random, surveys: list[Survey]) -> None:
    """One or two of the question's choices on each low score."""
    choices: dict[int, list[int]] = {}
    for question_id, choice_id in Choice.objects.values_list("question_id", "pk"):
        choices.setdefault(question_id, []).append(choice_id)
    links = []
    for survey in surveys:
        offered = choices.get(survey.question_id or 0, [])
        if survey.score is not None and survey.score <= 2 and offered:
            for choice_id in rng.sample(offered, min(len(offered), rng.choice((1, 1, 2)))):
                links.append(Survey.choices.through(survey_id=survey.pk, choice_id=choice_id))
    Survey.choices.through.objects.bulk_create(links)


def _follow_ups(surveys: list[Survey], supervisor: User | None) -> None:
    low = [s for s in surveys if s.score is not None and s.score <= 2 and s.comment]
    for index, survey in enumerate(low[-FOLLOW_UPS:]):
        follow_up = open_follow_up(survey)
        opened = survey.answered_at or follow_up.opened_at
        closed = None
        if supervisor is not None and index < len(FOLLOW_UP_RESULTS):
            close_follow_up(follow_up=follow_up, result=FOLLOW_UP_RESULTS[index], by=supervisor)
            closed = min(opened + timedelta(hours=20), timezone.now())
        # On the days of the answers, as the story goes, not the moment of the load.
        FollowUp.objects.filter(pk=follow_up.pk).update(opened_at=opened, closed_at=closed)


def _resolved(first_case: int) -> QuerySet[Case]:
    return (
        Case.objects.filter(pk__gte=first_case, resolved_at__isnull=False)
        .select_related("customer", "reason")
        .order_by("pk")
    )


def load_surveys(rng: random.Random, first_case: int, supervisor: User | None) -> list[Survey]:
    questions = {language: current_question(language) for language in LANGUAGES}
    now = timezone.now()
    taken = set(Survey.objects.values_list("case_id", flat=True))
    surveys = []
    for case in _resolved(first_case):
        if rng.random() < SURVEYED and case.pk not in taken:
            survey = _survey(rng, case, questions, now)
            if survey is not None:
                surveys.append(survey)
    Survey.objects.bulk_create(surveys, batch_size=1000)
    surveys = list(Survey.objects.filter(case_id__in=[s.case_id for s in surveys]).order_by("pk"))
    _what_went_wrong(rng, surveys)
    _follow_ups(surveys, supervisor)
    return surveys


def load_nps(rng: random.Random, customers: list[DemoCustomer]) -> int:
    """One programme, a round sent a month ago, about a hundred answers."""
    if not customers or NpsProgram.objects.filter(name=NPS_PROGRAMME).exists():
        return 0
    now = timezone.now()
    program = NpsProgram.objects.create(
        name=NPS_PROGRAMME, active=False, next_run_at=now + timedelta(days=30)
    )
    questions = {language: current_nps_question(language) for language in LANGUAGES}
    picked = rng.sample(customers, min(len(customers), round(NPS_ANSWERS / 0.6)))
    rows = []
    for index, customer in enumerate(picked):
        language = _language(customer)
        sent = now - timedelta(days=rng.uniform(5, 35))
        row = NpsSurvey(
            program=program, customer_id=customer.pk, organization_id=customer.organization_id,
            language=language, question=questions[language], due_at=sent, sent_at=sent,
            created_at=sent,
        )  # fmt: skip
        if index < NPS_ANSWERS:
            row.score = rng.choices(range(11), NPS_WEIGHTS)[0]
            row.answered_at = sent + timedelta(hours=rng.uniform(1, 72))
            if rng.random() < 0.4 and row.score not in (7, 8):
                row.comment = rng.choice(GOOD[language] if row.score >= 9 else BAD[language])
        rows.append(row)
    NpsSurvey.objects.bulk_create(rows)
    return min(len(rows), NPS_ANSWERS)


def _feedback_figures_current(surveys: list[Survey]) -> None:
    """Make the feedback page's figures current after the bulk load: today the comments' words
    (the comment search and themes); the place for a rebuild of any survey rollups too."""
    for survey in surveys:
        if survey.comment:
            index_comment(survey)


def load_feedback(
    seed: int, first_case: int, customers: list[DemoCustomer], supervisor: User | None
) -> FeedbackLoad:
    """Surveys on the cases from `first_case` on, and the NPS programme (once)."""
    rng = random.Random(seed + 2)  # its own stream: a seed still gives the same cases
    surveys = load_surveys(rng, first_case, supervisor)
    nps = load_nps(rng, customers)
    _feedback_figures_current(surveys)
    return FeedbackLoad(
        surveys=len(surveys),
        answered=sum(1 for survey in surveys if survey.score is not None),
        nps_answers=nps,
    )
