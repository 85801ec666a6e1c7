"""A defect of the reader contained: one table or one stage that fails is reported as an error
of the parse, and the rest of the document is read (a document nobody has seen may take a path
no test took; losing all of it for one table would be worse)."""

from __future__ import annotations

import os

CODE = "internal-error"


def strict() -> bool:
    """BUDGETLENS_STRICT=1 (the test suite sets it): a defect raises, as it must where it can be
    fixed."""
    return os.environ.get("BUDGETLENS_STRICT") == "1"


def failure_message(what: str, exc: Exception) -> str:
    return (f"{what}时程序出错（{type(exc).__name__}：{exc}），这部分未读出，其余内容照常读取；"
            "这是 budgetlens 的缺陷，请将文件报告给开发者")
