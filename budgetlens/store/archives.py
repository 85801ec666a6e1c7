"""ZIP archives met by an ingest: their files unpacked and ingested one by one.

Disclosures are often downloaded as a ZIP (a department's 部门预算 and each unit's 单位预算,
or a year's disclosures of a whole region). An ingest unpacks each archive it is given, or
finds in a folder, into a temporary folder and ingests its files as if they had been given;
the store names each by the archive's path and the member's name (`…/预算.zip!/单位/说明.pdf`).
Nothing in an archive is lost in silence: an encrypted, oversized or damaged member, and an
archive of another kind (RAR, 7z), is reported by name.

Archives written on Chinese Windows name their members in GBK without saying so (the ZIP
format's UTF-8 flag unset): such names are read as GB18030 where they decode, as Windows'
own unpacking shows them.
"""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..readers import MAX_BYTES, package_kind, zip_member_name

MAX_MEMBERS = 5000                   # files in one archive (with the archives inside it)
MAX_UNPACKED = 4 * MAX_BYTES         # bytes unpacked from one archive (a ZIP bomb stops here)
MAX_DEPTH = 3                        # archives inside archives
SKIPPED = ("__MACOSX/", ".DS_Store", "Thumbs.db")
OTHER_ARCHIVES = {b"Rar!\x1a\x07": "RAR", b"7z\xbc\xaf\x27\x1c": "7z"}


@dataclass
class Member:
    path: Path       # where it was unpacked, for the readers
    shown: str       # archive path + "!/" + member name: how the store and messages name it


@dataclass
class Unpacked:
    members: list[Member]
    problems: list[tuple[str, str]]      # (shown path, why it was not unpacked), in Chinese


def archive_kind(path: Path) -> str | None:
    """'zip' for a ZIP archive (not a DOCX or XLSX, which are ZIP packages too), 'RAR' or '7z'
    for archives that are not read, None for anything else."""
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError:
        return None
    for magic, kind in OTHER_ARCHIVES.items():
        if head.startswith(magic):
            return kind
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, OSError):
        return None                     # a damaged package: the readers say what it is
    return "zip" if package_kind(names) == "zip" else None


def file_name(name: str) -> str:
    """The member's own name, safe as one file name (never a path out of its folder)."""
    last = PurePosixPath(name).name
    return last if last not in ("", ".", "..") else "member"


def unpack(archive: Path, shown: str, into: Path, depth: int = 0, budget: list[int] | None = None) -> Unpacked:
    """The archive's files unpacked under `into` (each in a folder of its own, under its own
    name), with what could not be."""
    budget = budget if budget is not None else [MAX_UNPACKED, MAX_MEMBERS]
    out = Unpacked([], [])
    try:
        z = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        out.problems.append((shown, f"ZIP 压缩包已损坏，无法解压：{exc}"))
        return out
    with z:
        for index, info in enumerate(z.infolist()):
            name = zip_member_name(info)
            if info.is_dir() or any(s in name for s in SKIPPED) or PurePosixPath(name).name.startswith("."):
                continue
            where = f"{shown}!/{name}"
            why = refusal(info, budget)
            if why:
                out.problems.append((where, why))
                if budget[1] <= 0 or budget[0] <= 0:
                    break
                continue
            target = into / f"{index:04d}" / file_name(name)
            try:
                copy_member(z, info, target, budget)
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError) as exc:
                out.problems.append((where, f"无法从压缩包中解出：{exc}"))
                continue
            inner = archive_kind(target)
            if inner == "zip" and depth < MAX_DEPTH:
                nested = unpack(target, where, target.parent / "unpacked", depth + 1, budget)
                out.members.extend(nested.members)
                out.problems.extend(nested.problems)
            elif inner is not None:
                out.problems.append((where, unread_archive(inner)))
            else:
                out.members.append(Member(target, where))
    return out


def refusal(info: zipfile.ZipInfo, budget: list[int]) -> str | None:
    if budget[1] <= 0:
        return f"压缩包内文件超过 {MAX_MEMBERS} 个，其余未解压"
    if info.flag_bits & 0x1:
        return "压缩包内的文件已加密（设有密码），无法解压读取"
    if info.file_size > MAX_BYTES:
        return f"文件过大（{info.file_size // 1024 // 1024} MB，上限 {MAX_BYTES // 1024 // 1024} MB），未解压"
    if info.file_size > budget[0]:
        return f"压缩包解压后超过 {MAX_UNPACKED // 1024 // 1024} MB，其余未解压"
    return None


def copy_member(z: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: list[int]) -> None:
    """The member's bytes written to target; a member whose stored size lies (more bytes come
    out than its header says) is cut at its stated size and refused."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with z.open(info) as src, target.open("wb") as dst:
        shutil.copyfileobj(LimitedReader(src, info.file_size), dst, 1 << 20)
    budget[0] -= info.file_size
    budget[1] -= 1


class LimitedReader:
    def __init__(self, src, limit: int):
        self.src, self.left = src, limit

    def read(self, n: int = -1) -> bytes:
        if self.left < 0:
            return b""
        data = self.src.read(min(n, self.left + 1) if n >= 0 else self.left + 1)
        self.left -= len(data)
        if self.left < 0:
            raise ValueError("解出的字节数超过其声明的大小")
        return data


def unread_archive(kind: str) -> str:
    return f"是 {kind} 压缩包，budgetlens 只解压 ZIP：请解压后再导入其中的文件"
