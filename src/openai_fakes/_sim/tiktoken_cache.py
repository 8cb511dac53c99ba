"""tiktoken's own encodings, used only when they load without the network.

tiktoken (the optional extra ``openai-fakes[tiktoken]``) downloads an encoding's BPE file the
first time it is used and keeps it in a cache directory: ``TIKTOKEN_CACHE_DIR``, else
``DATA_GYM_CACHE_DIR``, else ``data-gym-cache`` in the temporary directory; an empty setting
turns the cache off. The file is named by the SHA-1 of the URL it came from, and tiktoken checks
its SHA-256, downloading it again when the cached copy is missing or differs. The fake never lets
tiktoken get that far: it asks for an encoding only when tiktoken is installed and the cached file
is there with the SHA-256 tiktoken expects, so loading reads the disk and nothing else.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import tempfile
from collections.abc import Callable
from typing import NamedTuple, Protocol


class Source(NamedTuple):
    url: str
    sha256: str


SOURCES = {
    # Where tiktoken fetches each encoding from and the hash it checks (tiktoken's openai_public
    # plugin states both; a test compares them with the installed tiktoken).
    "o200k_base": Source(
        "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    ),
    "cl100k_base": Source(
        "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    ),
}


class _Encoding(Protocol):
    def encode_ordinary(self, text: str) -> list[int]: ...


def cache_dir() -> str | None:
    """The directory tiktoken caches encodings in (``None``: caching is off)."""
    if "TIKTOKEN_CACHE_DIR" in os.environ:
        directory = os.environ["TIKTOKEN_CACHE_DIR"]
    elif "DATA_GYM_CACHE_DIR" in os.environ:
        directory = os.environ["DATA_GYM_CACHE_DIR"]
    else:
        directory = os.path.join(tempfile.gettempdir(), "data-gym-cache")
    return directory or None


def cached_file(encoding: str) -> str | None:
    """The path of ``encoding``'s cached BPE file when it is there and intact, else ``None``."""
    source = SOURCES.get(encoding)
    directory = cache_dir()
    if source is None or directory is None:
        return None
    path = os.path.join(directory, hashlib.sha1(source.url.encode()).hexdigest())
    try:
        with open(path, "rb") as file:
            intact = hashlib.sha256(file.read()).hexdigest() == source.sha256
    except OSError:
        return None
    return path if intact else None


def tiktoken_counter(encoding: str) -> Callable[[str], int] | None:
    """A function counting a text's tokens with tiktoken's ``encoding``, or ``None`` when tiktoken
    is not installed or would have to download the encoding."""
    if importlib.util.find_spec("tiktoken") is None or cached_file(encoding) is None:
        return None
    try:
        loaded: _Encoding = importlib.import_module("tiktoken").get_encoding(encoding)
    except (ImportError, OSError, ValueError, KeyError):  # a broken install: the estimate counts instead
        return None
    encode = loaded.encode_ordinary  # user text is text: "<|endoftext|>" in it is not a special token

    def count(text: str) -> int:
        return len(encode(text))

    return count
