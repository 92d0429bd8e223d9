"""The receiver's settings: a TOML file (``receiver.toml``) plus ``DATABASE_URL``.

Every setting has a default that works on a developer's machine (SQLite under ``.data/``, the
site built into ``site/``). The file is named by ``--config`` or ``RECEIVER_CONFIG``; a setting
missing from it keeps its default. ``DATABASE_URL`` in the environment wins over
``database_url`` in the file. See ``receiver/README.md`` for every key.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from receiver.store.db import default_url

__all__ = ["ConfigError", "Settings", "load_settings"]


class ConfigError(ValueError):
    """The configuration file is unreadable or holds a wrong value; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Everything the receiver and its commands read from the configuration."""

    data_dir: Path = Path(".data")
    database_url: str = ""  # empty: SQLite file under data_dir
    site_revision: str = "site/revision.json"  # path or http(s) URL of the site's revision.json
    site_url: str = "http://127.0.0.1:8000/"  # where the handbook is published (invite links)
    allowed_origin: str = ""  # CORS origin of the site; empty: derived from site_url
    kind: str = "acknowledgement"
    max_body_bytes: int = 64 * 1024
    rate_limit_per_minute: int = 30  # per client (IP) for POSTs
    rate_limit_burst: int = 10
    client_ip_header: str = ""  # e.g. X-Forwarded-For behind a reverse proxy you run
    store_client_hash: bool = False  # keep a keyed hash of client IP + user agent
    invites_required: bool = False
    invite_days: int = 30
    hr_user: str = "hr"
    hr_password_hash: str = ""  # scrypt$…, made with `python -m receiver hash-password`
    hr_identity_header: str = ""  # e.g. X-Forwarded-User, set by the agency's SSO proxy
    hr_identities: tuple[str, ...] = ()  # who the SSO header may name
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_user: str = ""
    smtp_password_file: str = ""
    mail_from: str = "Human Resources <hr@example.org>"
    remind_per_minute: int = 30

    @property
    def keys_dir(self) -> Path:
        """Signing keys and the invite secret."""
        return self.data_dir / "keys"

    @property
    def url(self) -> str:
        """The database URL in force."""
        return self.database_url or default_url(self.data_dir)

    @property
    def origin(self) -> str:
        """The one origin CORS allows."""
        if self.allowed_origin:
            return self.allowed_origin.rstrip("/")
        scheme, _, rest = self.site_url.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}"


def load_settings(path: Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Settings from ``path`` (or ``RECEIVER_CONFIG``, or none) and the environment.

    Raises:
        ConfigError: The file cannot be read, or a key is unknown or of the wrong type.
    """
    env = dict(os.environ) if env is None else env
    if path is None and env.get("RECEIVER_CONFIG"):
        path = Path(env["RECEIVER_CONFIG"])
    values: dict[str, Any] = {}
    if path is not None:
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the receiver configuration ({exc})") from exc
    known = {f.name: f for f in fields(Settings)}
    defaults = Settings()
    settings: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(
                f"{path}: unknown setting {key!r} — the settings are listed in receiver/README.md"
            )
        default = getattr(defaults, key)
        if isinstance(default, Path):
            value = Path(value)
        elif isinstance(default, tuple):
            value = tuple(value) if isinstance(value, list) else value
        if type(value) is not type(default):
            raise ConfigError(f"{path}: {key} must be {type(default).__name__}, got {value!r}")
        settings[key] = value
    if env.get("DATABASE_URL"):
        settings["database_url"] = env["DATABASE_URL"]
    return Settings(**settings)
