"""One ranking for the search box (`community.finding`): each side's scores normalised per
query, so neither database's scale decides; solved threads and articles weigh 1.5, unsolved
threads 1; ties go to the article; each side keeps its order."""

from __future__ import annotations

from lytte.community.finding import (
    ARTICLE,
    THREAD,
    Found,
    article_results,
    merged,
    thread_results,
)
from lytte.community.models import Thread
from lytte.knowledge.search import Hit


def _hit(n: int, score: float) -> Hit:
    return Hit(
        translation_id=n,
        article_id=n,
        language="nb",
        slug=f"artikkel-{n}",
        title=f"Artikkel {n}",
        score=score,
        snippet="",
    )


def _thread(pk: int, *, solved: bool) -> Thread:
    return Thread(pk=pk, title=f"Tråd {pk}", language="nb", accepted_id=1 if solved else None)


def _names(results: list[Found]) -> list[str]:
    return [found.title for found in results]


def test_each_side_is_normalised_so_the_scales_do_not_decide() -> None:
    # Articles score around 10 (BM25 in Python), threads around 0.1 (ts_rank): as they are,
    # every article would beat every thread.
    articles = article_results([_hit(1, 12.0), _hit(2, 3.0)])
    threads = thread_results([(_thread(7, solved=True), 0.15), (_thread(8, solved=False), 0.09)])
    assert [found.score for found in articles] == [1.5, 0.375]
    assert [round(found.score, 3) for found in threads] == [1.5, 0.9]
    assert _names(merged(articles, threads, limit=10)) == [
        "Artikkel 1",  # as good as the best solved thread: the article first
        "Tråd 7",
        "Tråd 8",
        "Artikkel 2",
    ]


def test_a_solved_thread_beats_an_unsolved_one_that_matches_somewhat_better() -> None:
    # Raw scores as the database gives them: the solved one's already multiplied by 1.5.
    threads = thread_results([(_thread(1, solved=True), 0.15), (_thread(2, solved=False), 0.12)])
    assert _names(threads) == ["Tråd 1", "Tråd 2"]
    assert threads[0].solved
    assert not threads[1].solved
    # Unboosted, the unsolved thread matches best (0.12 against 0.10): it is the 1.0.
    assert [round(found.score, 3) for found in threads] == [1.25, 1.0]


def test_the_best_unsolved_thread_comes_after_the_best_article() -> None:
    articles = article_results([_hit(1, 4.0), _hit(2, 1.0)])
    threads = thread_results([(_thread(9, solved=False), 2.0)])
    assert _names(merged(articles, threads, limit=10)) == ["Artikkel 1", "Tråd 9", "Artikkel 2"]
    assert [found.kind for found in merged(articles, threads, limit=2)] == [ARTICLE, THREAD]


def test_no_results_and_zero_scores() -> None:
    assert merged([], [], limit=5) == []
    zero = article_results([_hit(1, 0.0), _hit(2, 0.0)])
    assert _names(merged(zero, [], limit=5)) == ["Artikkel 1", "Artikkel 2"]
