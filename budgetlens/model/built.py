"""Models built from values the code made itself, without validating them again.

The tables stage makes about five models per amount (its cell, provenance, fact and the
fact's coordinates) from strings, ints and Decimals it read itself. Validating them costs
more than building them: a third of the instructions of validation is saved per model by
setting the instance's slots directly, as validation itself does. The caller gives what
validation would have made: every field in declared order, each of its declared type
(nested models as models). tests/test_built.py checks each builder against validation.

Every field of a built model counts as set, and the models of one class share that one set
of names: a set per model was a third of the objects the collector had to walk after each
parse (seed 003: 1.0 of 3.9 ms). Sharing is safe because the set is never changed: assigning a
field adds its name, which is in it already. (Only model_dump(exclude_unset=True) would tell;
budgetlens never asks for it.)
"""

from __future__ import annotations

from pydantic import BaseModel

from .facts import Coords

_new = object.__new__
_SLOTS = BaseModel.__dict__                 # BaseModel's slot descriptors: set without __setattr__
_set_dict = _SLOTS["__dict__"].__set__
_set_fields_set = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__


class _PerClass(dict):
    """class → what `make` makes of it, made once (a dict lookup: built() is called per cell)."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, cls: type[BaseModel]):
        made = self[cls] = self.make(cls)
        return made


def _defaults_of(cls: type[BaseModel]) -> dict:
    """Every field's default, in declared order (None for a required field, which the caller
    always gives). Classes with default factories are not built this way."""
    assert all(f.default_factory is None for f in cls.model_fields.values()), cls
    return {name: None if f.is_required() else f.default for name, f in cls.model_fields.items()}


_every_field = _PerClass(lambda cls: set(cls.model_fields))
_defaults = _PerClass(_defaults_of)


def built(cls: type[BaseModel], values: dict) -> BaseModel:
    """An instance of cls (a model without private attributes, extras or post-init) holding
    `values`: all its fields, in declared order."""
    obj = _new(cls)
    _set_dict(obj, values)
    _set_fields_set(obj, _every_field[cls])
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj


def model_of(cls: type[BaseModel], fields: dict) -> BaseModel:
    """A model from some of its fields (each of its declared type), the rest at their defaults."""
    values = _defaults[cls].copy()
    values.update(fields)
    return built(cls, values)


COORDS_FIELDS = frozenset(Coords.model_fields)


def coords_of(fields: dict[str, str | None]) -> Coords:
    """Coords from the given fields; keys that are no field are left out, as validation does."""
    return built(Coords, coords_values(fields))


def coords_values(fields: dict[str, str | None], under: dict | None = None) -> dict:
    """Every field of coords_of(fields), in declared order, as a dict (a Coords' __dict__).
    under: such a dict the fields go over (coords_values({**a, **b}) is
    coords_values(b, coords_values(a)): later keys win either way), to share a row's part
    among its cells' coords."""
    values = (_defaults[Coords] if under is None else under).copy()
    if fields.keys() <= COORDS_FIELDS:
        values.update(fields)
    else:
        values.update({k: v for k, v in fields.items() if k in COORDS_FIELDS})
    return values
