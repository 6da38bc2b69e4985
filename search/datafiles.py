"""The editable data files (YAML) and where they come from: one place for all of them.

Each data file ships with the package that reads it (``search/data/dictionary.yml``,
``thesaurus.yml``, ``ingest/data/places.yml``, ``organizations.yml``, ``taxonomy.yml``), so that a
new, empty knowledge base works out of the box. A knowledge base's own file of the same name in its content folder
extends or overrides the bundled one (rules in content/README.md): :func:`layers` gives both
texts, bundled first, and :func:`merge_keyed` merges mappings whose list items have a key.
"""
from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

import yaml

from search.errors import DataFileError

log = logging.getLogger(__name__)

DATA_FOLDER = "data"


def bundled_path(package: str, name: str) -> Path:
    """The default data file ``name`` shipped inside ``package``.

    >>> bundled_path("search", "dictionary.yml").name
    'dictionary.yml'
    """
    return Path(str(resources.files(package) / DATA_FOLDER / name))


def layer_paths(name: str, package: str, content_dir: str | Path | None = None) -> list[Path]:
    """The files that make up data file ``name``: the bundled default, then the knowledge base's
    own ``content_dir/name`` when it exists.

    >>> [p.parent.name for p in layer_paths("taxonomy.yml", "ingest", "/nowhere")]
    ['data']
    """
    paths = [bundled_path(package, name)]
    if content_dir is not None and (own := Path(content_dir) / name).is_file():
        paths.append(own)
    return paths


def merge_keyed(layers: list[dict], list_key: str, item_key: str) -> dict:
    """One mapping from several: items of ``list_key`` with the same ``item_key`` are replaced by
    the later layer's item, new items are added in order, other lists are joined and other values
    of a later layer win. ValueError when one layer has two items with the same key.

    >>> merge_keyed([{"topics": [{"slug": "a", "vi": "A"}], "exclusions": ["x"]},
    ...              {"topics": [{"slug": "a", "vi": "Á"}, {"slug": "b"}], "exclusions": ["y"]}],
    ...             "topics", "slug")
    {'topics': [{'slug': 'a', 'vi': 'Á'}, {'slug': 'b'}], 'exclusions': ['x', 'y']}
    """
    merged: dict = {}
    items: dict = {}
    for layer in layers:
        for key, value in (layer or {}).items():
            if key == list_key:
                seen = set()
                for item in value or ():
                    name = item.get(item_key) if isinstance(item, dict) else None
                    if name is not None and name in seen:
                        raise ValueError(f"{item_key} {name!r} is used twice")
                    seen.add(name)
                    items[name if name is not None else id(item)] = item
            elif isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = merged[key] + [v for v in value if v not in merged[key]]
            else:
                merged[key] = value
    return {list_key: list(items.values()), **merged}


def load_keyed(paths: list[Path] | tuple[Path, ...], list_key: str, item_key: str) -> dict:
    """Read the YAML files ``paths`` and merge them with :func:`merge_keyed`.

    :class:`search.errors.DataFileError` names the file that is unreadable, not YAML or not a
    mapping, or the files when one layer repeats a key.
    """
    layers = []
    for path in paths:
        try:
            layer = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise DataFileError(f"{path}: not a readable YAML file ({exc})") from exc
        if not isinstance(layer, dict) or not isinstance(layer.get(list_key) or [], list):
            raise DataFileError(f"{path}: expected a mapping with a list of {list_key}")
        layers.append(layer)
    try:
        return merge_keyed(layers, list_key, item_key)
    except ValueError as exc:
        raise DataFileError(f"{', '.join(map(str, paths))}: {exc}") from exc
