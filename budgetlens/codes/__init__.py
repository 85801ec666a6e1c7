"""政府收支分类科目: a registry of function and economic classification codes, as data.

    from budgetlens.codes import load_registry
    reg = load_registry(2025)
    reg.lookup("function", "2010301").name        # 行政运行
    reg.name_matches("economic", "30211", "差旅费")  # True

The packaged lists live in `data/` (see its README); lists a user imports with
`import_official` (or `budgetlens codes import`) go to the user data directory and
are loaded on top of them.
"""

from .official import CodeImportError, import_official
from .registry import (
    ECONOMIC, FUNCTION, CodeEntry, CodeRegistry, classify_code, clear_cache, level_of, load_registry,
    normalize_code, normalize_name, parent_of, user_dir,
)

__all__ = [
    "CodeEntry", "CodeImportError", "CodeRegistry", "ECONOMIC", "FUNCTION", "classify_code",
    "clear_cache", "import_official", "level_of", "load_registry", "normalize_code",
    "normalize_name", "parent_of", "user_dir",
]
