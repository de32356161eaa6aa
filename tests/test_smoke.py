def test_signin_and_lists(client, auth, world):
    r = auth.login("dcpu_amd")
    assert r.status_code == 302
    for ep in ["child", "missing_report", "found_report", "police_report", "cwc_order", "jjb_order",
               "care_plan", "progress_entry", "transfer", "institution", "police_unit", "audit_log"]:
        r = client.get(f"/admin/{ep}/")
        assert r.status_code == 200, (ep, r.status_code)
