"""HR's side: staff import, personal links, the roster page and roster.csv, sign-in."""

from __future__ import annotations

import base64
import csv
import io
import json
from datetime import date, timedelta

import pytest

from receiver.app import create_app
from receiver.config import Settings
from receiver.employees import EmployeeImportError, import_employees, parse_employees
from receiver.invites import InviteError, invite_link, load_secret, make_token, read_token
from receiver.passwords import check_password, hash_password
from tests.receiver.helpers import SITE_REVISION, call, post_receipt, receipt

PASSWORD = "correct horse battery staple"
STAFF = """\
employee_id,full_name,email,department,hire_date,cost_center
E-1042,Ana Díaz,ana@example.org,Finance,2020-03-01,100
E-2000,Bo Lee,bo@example.org,Transport,2021-05-01,200
E-3000,"=HYPERLINK(""http://x"")",cy@example.org,Finance,2022-01-10,100
E-4000,Dee Rehire,dee@example.org,Transport,2026-03-01,200
"""


@pytest.fixture(scope="module")
def password_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def app(settings: Settings, password_hash: str):
    application = create_app(Settings(**{**settings.__dict__, "hr_password_hash": password_hash}))
    import_employees(application.state.engine, parse_employees(STAFF, "staff.csv"))
    yield application
    application.state.engine.dispose()


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


HR = basic("hr", PASSWORD)


def sign(app, settings: Settings, n: int, employee_id: str, **changes) -> None:
    token = make_token(
        load_secret(settings.keys_dir), employee_id, date.today() + timedelta(days=5)
    )
    names = {"E-1042": "Ana Díaz", "E-2000": "Bo Lee", "E-4000": "Dee Rehire"}
    who = {
        "employee_id": employee_id,
        "full_name": names[employee_id],
        "signature": names[employee_id],
    }
    reply = post_receipt(app, receipt(n, employee=who, **changes), token=token)
    assert reply.status == 201, reply.json


def test_passwords_are_scrypt_hashed(password_hash):
    assert password_hash.startswith("scrypt$32768$8$1$")
    assert check_password(PASSWORD, password_hash)
    assert not check_password("wrong", password_hash)
    assert not check_password(PASSWORD, "plain-text-is-not-a-hash")


def test_import_reports_every_problem_with_its_line():
    bad = (
        "employee_id,full_name,email,department,hire_date\n"
        "E-1,Ana,ana@example.org,Finance,2020-03-01\n"
        "E-2,,bo@example.org,Finance,2020-03-01\n"
        "E-3,Cy,cy-at-example.org,Finance,2020-03-01\n"
        "E-4,Dee,dee@example.org,Finance,03/01/2020\n"
        "E-1,Ana Again,ana2@example.org,Finance,2020-03-01\n"
    )
    with pytest.raises(EmployeeImportError) as error:
        parse_employees(bad, "staff.csv")
    assert str(error.value).splitlines() == [
        "staff.csv: line 3: empty full_name",
        "staff.csv: line 4: email 'cy-at-example.org' has no @",
        "staff.csv: line 5: hire_date '03/01/2020' is not YYYY-MM-DD",
        "staff.csv: line 6: employee_id 'E-1' already on line 2",
    ]
    with pytest.raises(EmployeeImportError, match="line 1: missing column"):
        parse_employees("id,name\n1,x\n", "staff.csv")


def test_a_reimport_updates_and_marks_leavers(app):
    fewer = "\n".join(STAFF.splitlines()[:3]).replace("Transport,2021", "Planning,2021")
    summary = import_employees(app.state.engine, parse_employees(fewer, "staff.csv"))
    assert (summary.added, summary.updated, summary.unchanged, summary.deactivated) == (0, 1, 1, 2)


def test_invite_tokens_carry_the_employee_and_expire():
    secret = b"k" * 32
    token = make_token(secret, "E-1042", date(2026, 2, 1))
    assert read_token(secret, token, date(2026, 2, 1)).employee_id == "E-1042"
    with pytest.raises(InviteError, match="expired on 2026-02-01"):
        read_token(secret, token, date(2026, 2, 2))
    _, _, mac = token.partition(".")
    forged_payload = (
        base64.urlsafe_b64encode(b'{"e":"E-2000","x":"2099-01-01"}').decode().rstrip("=")
    )
    for forged in (f"{forged_payload}.{mac}", token[:-2], "", "a.b.c", "\u00e9.x"):
        with pytest.raises(InviteError, match="not valid"):
            read_token(secret, forged, date(2026, 1, 1))
    assert invite_link("https://handbook.example/hb", token) == (
        f"https://handbook.example/hb/acknowledgement/?invite={token}"
    )


def test_roster_page_per_department(app, settings, site):
    sign(app, settings, 1, "E-1042")  # current revision
    older = {**SITE_REVISION, "revision": "2025-01-01-aaaaaaaaaaaa", "date": "2025-01-01"}
    older["sections"] = {**SITE_REVISION["sections"]}
    older["sections"]["travel"] = {**older["sections"]["travel"], "digest": "c" * 64}
    (site / "revision.json").write_text(json.dumps(older))
    app.state.revisions.refresh(max_age=0)
    sign(
        app,
        settings,
        2,
        "E-2000",
        revision="2025-01-01-aaaaaaaaaaaa",
        revision_date="2025-01-01",
        sections={"payday": "a" * 64, "travel": "c" * 64},
    )
    sign(app, settings, 3, "E-4000")  # hired 2026-03-01, received after that: counts
    (site / "revision.json").write_text(json.dumps(SITE_REVISION))
    app.state.revisions.refresh(max_age=0)
    page = call(app, "GET", "/hr/", headers=HR)
    assert page.status == 200
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert page.headers["cache-control"] == "no-store"
    html = page.text
    assert "3 of 4 employees signed" not in html
    assert (
        "2 of 4 employees signed the current revision (50%);\n1 signed an older revision only; "
        "1 have not signed." in html
    )
    assert '<progress max="4" value="2"' in html
    assert "=HYPERLINK(&#34;http://x&#34;)" in html  # escaped, not markup
    assert "<li>§17.06 Travel</li>" in html  # changed since Bo signed the older revision
    finance = html.split('<h2 id="dept-1">Finance</h2>')[1].split("</section>")[0]
    assert "1 of 2 signed the current revision (50%)" in finance


def test_roster_csv(app, settings):
    sign(app, settings, 1, "E-1042")
    reply = call(app, "GET", "/hr/roster.csv", headers=HR)
    assert reply.status == 200
    assert reply.headers["content-disposition"] == 'attachment; filename="roster.csv"'
    rows = list(csv.reader(io.StringIO(reply.text)))
    assert rows[0] == [
        "department",
        "employee_id",
        "full_name",
        "status",
        "revision",
        "received_at",
        "evidence",
        "sections_changed_since",
    ]
    assert [row[:4] for row in rows[1:]] == [
        ["Finance", "E-3000", '\'=HYPERLINK("http://x")', "Not signed"],
        ["Finance", "E-1042", "Ana Díaz", "Signed the current revision"],
        ["Transport", "E-2000", "Bo Lee", "Not signed"],
        ["Transport", "E-4000", "Dee Rehire", "Not signed"],
    ]
    assert rows[2][4:7] == [SITE_REVISION["revision"], rows[2][5], "personal link"]


def test_a_receipt_from_before_a_rehire_does_not_count(app, settings):
    """Dee was rehired on 2026-03-01 (hire_date); a receipt received earlier is not theirs now."""
    sign(app, settings, 1, "E-4000")
    rehired = STAFF.replace("Transport,2026-03-01", "Transport,2099-01-01")
    import_employees(app.state.engine, parse_employees(rehired, "staff.csv"))
    rows = list(csv.reader(io.StringIO(call(app, "GET", "/hr/roster.csv", headers=HR).text)))
    assert [row[3] for row in rows if row[1] == "E-4000"] == ["Not signed"]


def test_an_unattributed_receipt_counts_by_typed_id_and_says_so(app):
    post_receipt(app, receipt(7))  # no link; typed E-1042
    rows = list(csv.reader(io.StringIO(call(app, "GET", "/hr/roster.csv", headers=HR).text)))
    assert [row[6] for row in rows if row[1] == "E-1042"] == ["typed ID"]


def test_hr_pages_need_credentials(app):
    for path in ("/hr/", "/hr/roster.csv"):
        refused = call(app, "GET", path)
        assert refused.status == 401
        assert refused.headers["www-authenticate"].startswith('Basic realm="Handbook')
        assert call(app, "GET", path, headers=basic("hr", "wrong")).status == 401
        assert call(app, "GET", path, headers=basic("admin", PASSWORD)).status == 401


def test_failed_sign_ins_are_rate_limited(app):
    codes = [call(app, "GET", "/hr/", headers=basic("hr", f"guess{i}")).status for i in range(11)]
    assert codes == [401] * 10 + [429]
    assert call(app, "GET", "/hr/", headers=HR).status == 429  # even the right one, for a while


def test_sso_identity_header(settings):
    sso = create_app(
        Settings(
            **{
                **settings.__dict__,
                "hr_identity_header": "X-Forwarded-User",
                "hr_identities": ("hr.lead@example.org",),
            }
        )
    )
    try:
        ok = call(sso, "GET", "/hr/", headers={"X-Forwarded-User": "hr.lead@example.org"})
        assert ok.status == 200 and "Signed in as hr.lead@example.org." in ok.text
        other = call(sso, "GET", "/hr/", headers={"X-Forwarded-User": "intern@example.org"})
        assert other.status == 401
    finally:
        sso.state.engine.dispose()


def test_hr_pages_are_off_until_configured(settings):
    bare = create_app(settings)
    try:
        reply = call(bare, "GET", "/hr/")
        assert reply.status == 503 and "set hr_password_hash or hr_identity_header" in reply.text
    finally:
        bare.state.engine.dispose()
