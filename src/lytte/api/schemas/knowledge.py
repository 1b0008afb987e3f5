"""The knowledge base as the API reads and writes it: articles, their translations, search."""

from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field, StringConstraints

from lytte.api.schemas.common import BodyId, Id, Input, ReasonKey, SearchText, left_out
from lytte.knowledge.models import State, Visibility
from lytte.platform.languages import LANGUAGE_CODES

LANGUAGE_PATTERN = "^(" + "|".join(LANGUAGE_CODES) + ")$"
Language = Annotated[str, Field(pattern=LANGUAGE_PATTERN, examples=["nb"])]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Body = Annotated[str, Field(max_length=100_000)]
Slug = Annotated[str, Field(max_length=200, description="Made from the title when left out.")]
TagName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


class TranslationSummary(Schema):
    id: int
    language: str
    title: str
    slug: str
    state: State
    version: int
    outdated: bool = Field(description="Made from an older version of the source language's text.")


class TranslationOut(TranslationSummary):
    body: str = Field(description="Markdown, as written.")
    body_html: str = Field(description="The sanitised HTML readers see.")
    source_version: int | None = Field(description="The source's version it was made from.")
    published_at: datetime | None
    updated_at: datetime
    url: str = Field(description="Where it is read: the help centre, or the desk if internal.")


class CategoryRef(Schema):
    id: int
    slug: str
    name: str


class ArticleOut(Schema):
    id: int
    source_language: str
    visibility: Visibility
    category: CategoryRef | None
    tags: list[str]
    reasons: list[str] = Field(description="Codes of the contact reasons it answers.")
    related: list[int] = Field(description="Ids of related articles.")
    missing: list[str] = Field(description="Languages it has no translation in.")
    translations: list[TranslationSummary]
    created_at: datetime
    updated_at: datetime


class ArticleDetail(ArticleOut):
    translations: list[TranslationOut]  # type: ignore[assignment]


class ArticleIn(Input):
    """A new article with its text in the source language (a draft)."""

    source_language: Language
    title: Title
    body: Body = ""
    slug: Slug | None = None
    visibility: Visibility = Visibility.PUBLIC
    category: BodyId | Annotated[str, Field(max_length=80)] | None = Field(
        None, description="Category id or slug."
    )
    tags: list[TagName] = Field(default_factory=list, max_length=50)
    reasons: list[ReasonKey] = Field(default_factory=list, max_length=50)
    related: list[BodyId] = Field(default_factory=list, max_length=50)


class ArticlePatch(Input):
    """Only the fields sent change; null clears the category."""

    source_language: Language | None = left_out()
    visibility: Visibility | None = left_out()
    category: BodyId | Annotated[str, Field(max_length=80)] | None = None
    tags: list[TagName] | None = left_out(max_length=50)
    reasons: list[ReasonKey] | None = left_out(max_length=50)
    related: list[BodyId] | None = left_out(max_length=50)


class TranslationIn(Input):
    title: Title
    body: Body = ""
    slug: Slug | None = Field(
        None, description="A new slug renames it; the old one keeps working as a redirect."
    )
    note: str = Field("", max_length=200, description="Why, for the history.")


class StateIn(Input):
    state: State


class ArticleFilters(Schema):
    language: Language | None = None
    state: State | None = None
    category: Id | None = None
    visibility: Visibility | None = None
    translation: str | None = Field(
        None, pattern="^(missing|outdated)$", description="missing or outdated (in `language`)."
    )
    q: SearchText | None = Field(None, description="Words in a title.")


class SearchFilters(Schema):
    q: SearchText
    language: Language | None = None
    limit: int = Field(10, ge=1, le=50)


class HitOut(Schema):
    article: int
    translation: int
    language: str
    slug: str
    title: str
    score: float
    snippet: str
    url: str
