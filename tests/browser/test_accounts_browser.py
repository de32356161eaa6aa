"""A state admin gives accounts, in a real browser (headless Chromium), on the demo
pilot (issue 12 item 12):

- the account form has the state filled in and shows a DCPU account only its
  district (no police unit, no institution); the new DCPU officer signs in with
  the temporary password and changes it on a styled page;
- a rollout file becomes accounts and a sheet of password slips.

Screenshots of each step go to docs/walkthrough/accounts/ when the walk passes
(beside the trainers' walk of docs/walkthrough/, which this does not touch)."""
import re


ADMIN = "stateadmin_gujarat"
ROLLOUT = ("username,full_name,role,district,police_unit,institution\n"
           "cwc_rajkot_2,Hansa Trivedi,cwc,Rajkot,,\n"
           "ngo_rajkot_2,Ravi Makwana,ngo,Rajkot,,\n")


def _choose(page, field, text):
    """Pick `text` in a Select2 dropdown as a person does: open it, type, click."""
    page.locator(f".form-group:has(#{field}) .select2-container").click()
    page.keyboard.type(text)
    page.locator(".select2-drop-active .select2-result-label", has_text=text).first.click()


def _visible(page, field) -> bool:
    return page.locator(f".form-group:has(#{field})").is_visible()


def test_state_admin_creates_a_dcpu_account_and_the_officer_changes_the_password(walk):
    admin = walk.person("stateadmin")
    admin.sign_in(ADMIN)
    page = admin.page
    admin.goto("/admin/user/new/")
    assert page.locator("#state").input_value() not in ("", "__None")  # Gujarat, filled in
    assert "Gujarat" in page.locator(".form-group:has(#state) .select2-container").inner_text()
    page.select_option("#role", "dcpu")
    assert _visible(page, "district")
    assert not _visible(page, "police_unit") and not _visible(page, "institution")
    page.select_option("#role", "police")
    assert _visible(page, "police_unit") and not _visible(page, "institution")
    page.select_option("#role", "dcpu")
    page.fill("#username", "dcpu_ahmedabad_2")
    page.fill("#full_name", "Nisha Parmar")
    _choose(page, "district", "Ahmedabad")
    walk.shot(admin, "state-admin-fills-in-a-dcpu-account")
    page.click("input[type=submit][value=Save]")
    page.wait_for_load_state("load")
    cell = page.locator("#temporary-passwords tr", has_text="dcpu_ahmedabad_2").locator("code")
    password = cell.inner_text().strip()
    assert re.fullmatch(r"[A-HJ-NP-Za-km-np-z2-9]{4}(-[A-HJ-NP-Za-km-np-z2-9]{4}){2}", password)
    walk.shot(admin, "state-admin-sees-the-temporary-password")

    officer = walk.person("new-dcpu")
    officer.goto("/login")
    officer.page.fill("#username", "dcpu_ahmedabad_2")
    officer.page.fill("#password", password)
    officer.page.click("form button[type=submit]")
    officer.page.wait_for_url("**/password")
    # Styled: Bootstrap's dark navbar and blue button, not the browser's plain defaults.
    navbar = officer.page.locator("nav.navbar").evaluate("e => getComputedStyle(e).backgroundColor")
    button = officer.page.locator("button.btn-primary").first.evaluate(
        "e => getComputedStyle(e).backgroundColor")
    assert navbar == "rgb(52, 58, 64)" and button == "rgb(0, 123, 255)", (navbar, button)
    officer.page.fill("#current_password", password)
    officer.page.fill("#new_password", "neem tree by the bus stand")
    officer.page.fill("#confirm", "neem tree by the bus stand")
    walk.shot(officer, "new-dcpu-officer-chooses-a-password")
    officer.page.click("form button[type=submit]")
    officer.page.wait_for_url("**/admin/")
    assert "Your password was changed." in officer.page.locator(".alert").first.inner_text()
    walk.shot(officer, "new-dcpu-officer-reaches-the-panel")
    walk.check()
    walk.publish_under("accounts", "dcpu")


def test_state_admin_creates_a_rollout_from_a_file(walk, tmp_path):
    admin = walk.person("stateadmin-file")
    admin.sign_in(ADMIN)
    page = admin.page
    admin.goto("/admin/user/")
    page.locator("a.nav-link", has_text="Create from a file").click()
    page.wait_for_load_state("load")
    upload = tmp_path / "rajkot-rollout.csv"
    upload.write_text(ROLLOUT.replace("ngo_rajkot_2,Ravi Makwana,ngo,Rajkot",
                                      "ngo_rajkot_2,Ravi Makwana,ngo,Pune"), encoding="utf-8")
    page.set_input_files("#upload", str(upload))
    page.click("form:has(#upload) button[type=submit]")
    page.wait_for_load_state("load")
    assert "Nothing was created" in page.locator("#account-file-rejected").inner_text()
    walk.shot(admin, "state-admin-sees-a-wrong-row", focus=page.locator("tr.table-danger"))
    upload.write_text(ROLLOUT, encoding="utf-8")
    page.set_input_files("#upload", str(upload))
    page.click("form:has(#upload) button[type=submit]")
    page.wait_for_load_state("load")
    page.click("form[action$='/bulk/create/'] button[type=submit]")
    page.wait_for_load_state("load")
    slips = page.locator("section.password-slip")
    assert slips.count() == 2
    assert "Hansa Trivedi" in slips.first.inner_text()
    walk.shot(admin, "state-admin-prints-the-password-slips")
    walk.check()
    walk.publish_under("accounts", "file")

