"""Key rotation keeps old receipts verifiable; the configuration file is checked by name."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest

from receiver.cli import main
from receiver.config import ConfigError, load_settings
from receiver.signing import (
    KeyMaterialError,
    check_countersignature,
    countersign,
    load_public_keys,
    load_signing_key,
    rotate_signing_key,
)
from tests.receiver.helpers import RECEIPT


def test_rotation_keeps_every_public_key_published(tmp_path: Path):
    keys_dir = tmp_path / "keys"
    old = load_signing_key(keys_dir)
    signed_before = {
        **RECEIPT,
        "countersignature": countersign(old, RECEIPT, "2026-02-03T00:00:00Z", None),
    }
    new = rotate_signing_key(keys_dir)
    assert new.key_id != old.key_id
    assert load_signing_key(keys_dir).key_id == new.key_id
    published = load_public_keys(keys_dir / "public-keys.json")
    assert list(published) == [old.key_id, new.key_id]
    assert check_countersignature(signed_before, published) is None
    private = keys_dir / f"signing-{new.key_id}.pem"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


def test_keys_command_rotates_and_publishes(tmp_path: Path, monkeypatch):
    config = tmp_path / "receiver.toml"
    config.write_text(f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    out = io.StringIO()
    assert main(["--config", str(config), "keys"], out, io.StringIO()) == 0
    first = out.getvalue().splitlines()[0].removeprefix("current signing key: ")
    out = io.StringIO()
    target = tmp_path / "site-public-keys.json"
    assert (
        main(
            ["--config", str(config), "keys", "--rotate", "--publish", str(target)],
            out,
            io.StringIO(),
        )
        == 0
    )
    second = out.getvalue().splitlines()[0].removeprefix("current signing key: ")
    assert second != first
    assert [k["key_id"] for k in json.loads(target.read_text())["keys"]] == [first, second]


def test_a_tampered_public_keys_file_is_refused(tmp_path: Path):
    keys_dir = tmp_path / "keys"
    load_signing_key(keys_dir)
    document = json.loads((keys_dir / "public-keys.json").read_text())
    document["keys"][0]["key_id"] = "ed25519-0000000000000000"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    with pytest.raises(KeyMaterialError, match="does not match its public key"):
        load_public_keys(bad)


def test_configuration_errors_name_the_file_and_key(tmp_path: Path):
    path = tmp_path / "receiver.toml"
    path.write_text("site_revison = 'x'\n")
    with pytest.raises(ConfigError, match=r"unknown setting 'site_revison'"):
        load_settings(path, env={})
    path.write_text("rate_limit_per_minute = 'many'\n")
    with pytest.raises(ConfigError, match="rate_limit_per_minute must be int, got 'many'"):
        load_settings(path, env={})
    path.write_text('hr_identities = ["a@example.org"]\nsite_url = "https://hb.example/x/"\n')
    settings = load_settings(path, env={"DATABASE_URL": "postgresql://u@db/hb"})
    assert settings.hr_identities == ("a@example.org",)
    assert settings.origin == "https://hb.example"
    assert settings.url == "postgresql://u@db/hb"
    assert load_settings(None, env={}).url == "sqlite:///.data/receiver.sqlite3"
