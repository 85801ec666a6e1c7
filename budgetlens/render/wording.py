"""The document's wording as data: one YAML file per template family in render/data/."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"


class Wording:
    def __init__(self, data: dict):
        self.data = data

    def text(self, group: str, key: str) -> str:
        return self.data[group][key]

    def sentence(self, key: str, **fields) -> str:
        return self.data["sentences"][key].format(**fields)


@cache
def _files() -> tuple[tuple[str, dict], ...]:
    return tuple((p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(DATA.glob("*.yaml")))


def wording_for(template_id: str | None) -> Wording:
    """The wording whose `families` names the template id's prefix; the default otherwise. A
    file may `extends: default` and give only what differs (key by key)."""
    files = dict(_files())
    chosen = files["default"]
    for name, data in files.items():
        if name != "default" and any((template_id or "").startswith(f) for f in data.get("families", [])):
            chosen = data
            break
    return Wording(resolved(chosen, files))


def resolved(data: dict, files: dict) -> dict:
    base = data.get("extends")
    if not base:
        return data
    return merged(resolved(files[base], files), data)


def merged(base: dict, own: dict) -> dict:
    out = dict(base)
    for key, value in own.items():
        out[key] = merged(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return out
