"""The gate every text passes on its way into the database: :mod:`hyoka.core.text`'s rules
applied to a model's field — its ``max_length`` (a ``TextField``: :data:`MAX_TEXT` and several
lines allowed) and its name for the message.

The services (web forms, the API, the entry workbook), the admin's forms
(:class:`GatedModelForm`), ``hyoka load`` and ``hyoka check-db`` call it; the readers of
imported lists apply the same rules to a list's pieces (:mod:`hyoka.ingest.limits`).

``clean_text(IndicatorYear, "actual_text", "46\\x00人")`` raises :class:`TextRefused`:
「実績値に制御文字（U+0000）があります。取り除いてください」, ``field`` ``actual_text``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import get_language

from hyoka.core.i18n import use_language
from hyoka.core.text import MAX_TEXT, TextRefused, clean, problem

__all__ = [
    "MAX_TEXT",
    "GatedModelForm",
    "TextRefused",
    "clean_text",
    "field_label",
    "stored_problems",
    "text_fields",
    "value_problem",
]


def text_fields(model: type[models.Model]) -> Iterator[models.Field[Any, Any]]:
    """The model's fields that hold text people (or files) wrote."""
    for f in model._meta.concrete_fields:
        if isinstance(f, models.CharField | models.TextField) and not f.choices:
            yield f


def _rules(model: type[models.Model], name: str) -> tuple[int | None, bool, str]:
    f = model._meta.get_field(name)
    multiline = isinstance(f, models.TextField)
    limit = None if multiline else getattr(f, "max_length", None)
    return limit, multiline, field_label(f)


def field_label(f: Any) -> str:
    """The field's name for people (its verbose name, in the active language)."""
    return str(getattr(f, "verbose_name", None) or f.name)


def clean_text(
    model: type[models.Model], name: str, value: str, *, label: str | None = None
) -> str:
    """``value`` normalised for ``model.name``, or :class:`TextRefused` whose message names
    the field (``label``, by default its verbose name) and whose ``field`` is ``name``."""
    limit, multiline, own = _rules(model, name)
    with use_language(get_language() or None):
        try:
            return clean(value, label=label or own, limit=limit, multiline=multiline)
        except TextRefused as exc:
            raise TextRefused(exc.message, exc.kind, field=name) from None


def value_problem(model: type[models.Model], name: str, value: Any) -> tuple[str, str] | None:
    """``(kind, message)`` when the gate would refuse ``value`` as stored in ``model.name`` (a
    text field), else None."""
    f = model._meta.get_field(name)
    if not (isinstance(value, str) and value and f in set(text_fields(model))):
        return None
    limit, multiline, label = _rules(model, name)
    with use_language(get_language() or None):
        return problem(value, label=label, limit=limit, multiline=multiline)


def stored_problems(obj: models.Model) -> Iterator[tuple[str, str, str]]:
    """``(field, kind, message)`` for each text of a row the gate would refuse now."""
    for f in text_fields(type(obj)):
        found = value_problem(type(obj), f.name, getattr(obj, f.attname))
        if found is not None:
            yield f.name, found[0], found[1]


class GatedModelForm(forms.ModelForm):
    """A model form (the admin's) whose texts pass the gate: each refusal an error on its
    field, each accepted text stored normalised."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for f in text_fields(self._meta.model):
            value = data.get(f.name)
            if not isinstance(value, str) or f.name in self.errors:
                continue
            try:
                data[f.name] = clean_text(self._meta.model, f.name, value)
            except TextRefused as exc:
                self.add_error(f.name, exc.message)
        return data
