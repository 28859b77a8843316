"""Rented GPUs (GPUaaS) on the screens: the Placement and Hardware sections, the Costs legend, the bridge command.

Sample plan public-agency-gpuaas: document-search (qwen2.5-32b) on NHN Cloud's H100s on demand; report-drafting
and civil-complaints on owned GPUs with a bridge on KT Cloud's A100s until go-live.
"""

from __future__ import annotations

from tests.tui.conftest import drive, make_app, screen_text, settle, wait_for


def _translation_with(plan_copy, keys: str):
    """A copy of midsize-chatbot whose translation workload also has `keys` (TOML lines)."""
    path = plan_copy("midsize-chatbot")
    users = "users = 200\nrequests_per_user_per_day = 5\n"  # the translation workload's
    path.write_text(path.read_text(encoding="utf-8").replace(users, users + keys, 1), encoding="utf-8")
    return path


def test_placement_shows_the_rented_gpu_quote(plan_copy):
    app = make_app(plan_copy("public-agency-gpuaas"))

    async def scenario(pilot):
        await pilot.press("3")
        await settle(pilot)
        text = screen_text(app)
        assert "Rented GPUs (GPUaaS): NHN Cloud, Gwangju National AI Data Center (Korea)" in text
        assert "2 x NVIDIA H100 80GB SXM" in text and "on demand (busy hours only)" in text
        assert "Certification: CSAP 중, CSAP IaaS; hosted in Korea; lead time 14 days" in text
        # catalogs/gpuaas.toml: 9,300 KRW per H100-hour on demand; 2 GPUs x 8 busy hours x 22 working days
        # = 352 GPU-hours in month 1 -> 3,273,600 KRW = 327만원
        assert "352 GPU-hours in month 1" in text and "Month 1: rental 327만원" in text
        assert "rented from 2027-" in text

    drive(app, scenario, size=(120, 60))


def test_hardware_lists_rented_gpus_and_the_bridge(plan_copy):
    app = make_app(plan_copy("public-agency-gpuaas"))

    async def scenario(pilot):
        await pilot.press("4")
        await settle(pilot)
        text = screen_text(app)
        ev = app.session.evaluation
        assert "Rented GPUs (GPUaaS)" in text
        assert "document-search   NHN Cloud, Gwangju National AI Data Center (Korea) · CSAP 중, CSAP IaaS · lead time 14 days" in text
        assert "2 x h100-80gb, on demand: 327만원/month rental" in text
        bridge = ev.schedule.bridge_from["civil-complaints"]
        end = ev.schedule.migration_end["civil-complaints"]
        assert ev.sizing.pilot is not None and bridge < ev.schedule.go_live
        # report-drafting and civil-complaints stay on owned GPUs and are bridged on KT Cloud's A100s until go-live
        assert f"2 x a100-80gb, bridge {bridge.isoformat()} to {end.isoformat()} (KT Cloud, on demand for the bridge" in text
        assert f"1 x a100-80gb, bridge {bridge.isoformat()} to {end.isoformat()} (KT Cloud, on demand for the bridge" in text
        assert "Bridge while production GPUs are on order: on" in text

    drive(app, scenario, size=(120, 60))


def test_costs_legend_names_every_strategy_in_the_shared_order(plan_copy):
    app = make_app(plan_copy("public-agency-gpuaas"))

    async def scenario(pilot):
        await pilot.press("6")
        await settle(pilot)
        text = screen_text(app)
        tco = app.session.evaluation.ledger.tco
        entries = [f"{mark} {label} {app.money(tco[s].total_krw)}" for mark, label, s in (("p", "This plan", "plan"), ("c", "All cloud", "cloud"), ("o", "All on-prem", "on_prem"), ("r", "Rented GPUs", "gpuaas"))]
        legend = " ".join(text.split())
        positions = [legend.find(e) for e in entries]
        assert -1 not in positions, (entries, legend[:400])
        assert positions == sorted(positions)
        assert "r" in "".join(line for line in text.splitlines() if "┤" in line or "│" in line)  # the rented strategy is drawn

    drive(app, scenario, size=(80, 24))


async def _palette(pilot, app, query: str) -> None:
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: app.screen.__class__.__name__ == "CommandPalette")
    await pilot.press(*query)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.screen.__class__.__name__ != "CommandPalette")
    await settle(pilot)


def test_palette_bridge_turns_the_rental_months_on_and_off(plan_copy):
    app = make_app(plan_copy("public-agency-gpuaas"))

    def rental(ev) -> int:
        return sum(month.get("gpu_rental", 0) for month in ev.ledger.months["plan"])

    async def scenario(pilot):
        with_bridge = app.session.evaluation
        assert "civil-complaints" in with_bridge.schedule.bridge_from
        await _palette(pilot, app, "bridge off")
        await wait_for(pilot, lambda: app.session.plan.hardware.bridge is None and not app.session.pending)
        without = app.session.evaluation
        assert without.schedule.bridge_from == {}
        assert not any(t.id.startswith("bridge.gpuaas") for t in without.schedule.tasks)
        assert rental(without) < rental(with_bridge)
        assert app.session.dirty  # an edit like any other: saved with ctrl+s, undone with ctrl+z
        await _palette(pilot, app, "bridge on rented")
        await wait_for(pilot, lambda: app.session.plan.hardware.bridge == "gpuaas" and not app.session.pending)
        again = app.session.evaluation
        assert again.schedule.bridge_from == with_bridge.schedule.bridge_from
        assert rental(again) == rental(with_bridge)
        first, end = again.schedule.bridge_from["civil-complaints"], again.schedule.migration_end["civil-complaints"]
        tco = f"this plan's TCO {app.money(without.ledger.tco['plan'].total_krw)} -> {app.money(again.ledger.tco['plan'].total_krw)}"
        # App.notify posts a message: the notice is there once the app has taken it, not at once
        await wait_for(pilot, lambda: any(f"civil-complaints {first.isoformat()} to {end.isoformat()}" in n.message and tco in n.message for n in app._notifications))
        assert not app.session.dirty  # back to the file's plan

    drive(app, scenario)


def test_hardware_dialog_keeps_the_bridge_and_pins_an_offer(plan_copy):
    from textual.widgets import Select

    app = make_app(plan_copy("public-agency-gpuaas"))

    async def scenario(pilot):
        assert app.session.evaluation.workload("document-search").gpuaas.provider == "NHN Cloud"
        await pilot.press("4", "e")
        await settle(pilot)
        assert app.screen.query_one("#hardware-bridge", Select).value == "gpuaas"
        app.screen.query_one("#hardware-gpuaas", Select).value = "navercloud-korea"
        await pilot.pause()
        await pilot.click("#save")
        await settle(pilot)
        hardware = app.session.plan.hardware
        assert (hardware.bridge, hardware.gpuaas) == ("gpuaas", "navercloud-korea")  # the bridge survives a GPU edit
        assert app.session.evaluation.workload("document-search").gpuaas.provider == "NAVER Cloud"
        assert "document-search   NAVER Cloud, NAVER data centres (Korea)" in screen_text(app)

    drive(app, scenario, size=(120, 60))


def test_placement_compares_the_closed_and_the_open_model(plan_copy):
    app = make_app(plan_copy("public-agency-gpuaas"))

    async def scenario(pilot):
        await pilot.press("3")
        await settle(pilot)
        app.screen.query_one("#placement-detail-scroll").scroll_end(animate=False)
        await settle(pilot)
        text = screen_text(app)
        r = app.session.evaluation.workload("document-search")
        assert "Closed vs open (36 months)" in text
        assert f"closed: {app.money(r.priced_krw['cloud'])} on the cloud API over 36 months" in text
        assert f"open:   {app.money(r.gpuaas.total_krw)} on 2 x h100-80gb rented at NHN Cloud" in text
        assert "open:   Apache-2.0" in text  # qwen2.5-32b's licence in catalogs/open_models.toml
        assert "closed: the vendor's: an undated alias moves" in text  # providers.toml openai.terms.upgrades

    drive(app, scenario, size=(120, 60))


def test_an_override_to_a_stricter_placement_is_not_a_regulatory_risk(plan_copy):
    """public-agency-gpuaas keeps civil-complaints on owned GPUs although the rules allow rented ones: a
    stricter choice, so the Placement screen says `override` (not the red REGULATORY override, which is for
    overrides that loosen a regulation and need acknowledge_regulation) and the decision page lists no risk."""
    from planner.export import html

    app = make_app(plan_copy("public-agency-gpuaas"))

    async def scenario(pilot):
        await pilot.press("3")
        await settle(pilot)
        r = app.session.evaluation.workload("civil-complaints")
        assert (r.overridden, r.regulatory, r.placement, r.recommended) == (True, True, "on_prem", "gpuaas")
        assert not r.loosens_regulation
        row = next(line for line in screen_text(app).splitlines() if line.strip().startswith("civil-complaints"))
        assert "override" in row and "REGULATORY" not in row
        assert "Regulatory overrides" not in html.section_decision(app.session.evaluation)

    drive(app, scenario)


def test_an_override_to_rented_gpus_none_of_which_holds_the_model_is_refused_in_the_dialog(plan_copy):
    """midsize-chatbot's translation workload on llama-3.1-405b at fp16 (~810 GB of weights; the offers rent A100s
    and H100s, 8 x 80 GB at most a server): choosing rented GPUs in the override dialog says under the placement why
    they cannot serve it, and Save keeps the dialog open with the note as typed; the plan stays as it was. Choosing
    on-prem instead saves the override with that note."""
    from textual.widgets import Input, Label, Select

    from planner.tui.dialogs.override import OverrideDialog

    path = _translation_with(plan_copy, 'open_model = "llama-3.1-405b"\nprecision = "fp16"\n')
    app = make_app(path)
    note = "Pilot on rented GPUs, CTO 2026-11"

    async def scenario(pilot):
        await pilot.press("3")
        pane = app.query_one("#pane-placement")
        await wait_for(pilot, lambda: pane.table.current_key is not None)
        await pilot.press("down", "down")
        await wait_for(pilot, lambda: pane.table.current_key == "translation")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, OverrideDialog))
        app.screen.query_one("#override-placement", Select).value = "gpuaas"
        reason = (
            "placement = 'gpuaas', but rented GPUs cannot serve it: llama-3.1-405b at fp16 fits no GPU type the allowed offers rent "
            "(a100-80gb, h100-80gb); choose a lower precision, a smaller open model, or another placement"
        )
        await wait_for(pilot, lambda: str(app.screen.query_one("#override-placement-error", Label).render()) == reason)
        await pilot.pause()
        error_at = app.screen.query_one("#override-placement-error", Label).content_region.x
        assert error_at == app.screen.query_one("#override-placement", Select).region.x, "the reason starts where the placement does"
        app.screen.query_one("#override-note", Input).focus()
        await pilot.press(*note, "enter")
        await pilot.pause()
        assert isinstance(app.screen, OverrideDialog), "an override the plan cannot take closed the dialog"
        assert app.screen.query_one("#override-note", Input).value == note
        assert app.session.plan.workload("translation").placement is None
        app.screen.query_one("#override-placement", Select).value = "on_prem"
        await wait_for(pilot, lambda: str(app.screen.query_one("#override-placement-error", Label).render()) == "")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, OverrideDialog))
        workload = app.session.plan.workload("translation")
        assert (workload.placement, workload.placement_note) == ("on_prem", note)

    drive(app, scenario)


def test_a_form_edit_that_leaves_an_override_to_rented_gpus_impossible_is_refused_at_the_field(plan_copy):
    """midsize-chatbot's translation workload on llama-3.1-405b at fp8 (~405 GB), placed on rented GPUs by the plan
    (8 rented A100s hold it). In the workload form, fp16 (~810 GB) fits no GPU the offers rent: the reason shows in
    the form as soon as the precision changes, Save keeps the form open with what was typed, the plan is unchanged."""
    from textual.widgets import Label, Select

    from planner.tui.dialogs.workload_form import WorkloadDialog

    path = _translation_with(plan_copy, 'open_model = "llama-3.1-405b"\nprecision = "fp8"\nplacement = "gpuaas"\nplacement_note = "Pilot on rented GPUs, CTO 2026-11"\n')
    app = make_app(path)

    async def scenario(pilot):
        assert app.session.evaluation.workload("translation").gpuaas is not None
        await pilot.press("2")
        pane = app.query_one("#pane-workloads")
        await wait_for(pilot, lambda: pane.table.current_key is not None)
        await pilot.press("down", "down")
        await wait_for(pilot, lambda: pane.table.current_key == "translation")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, WorkloadDialog))
        form = app.screen
        form.query_one("#field-precision", Select).value = "fp16"
        error = form.query_one("#error-placement", Label)
        await wait_for(pilot, lambda: "rented GPUs cannot serve it: llama-3.1-405b at fp16 fits no GPU type the allowed offers rent" in str(error.render()))
        assert error.display
        await pilot.click("#save")
        await pilot.pause()
        assert app.screen is form and form.query_one("#field-precision", Select).value == "fp16"
        assert app.session.plan.workload("translation").precision == "fp8"

    drive(app, scenario)


def test_a_workloads_own_gpu_is_named_where_its_rented_quote_shows(plan_copy):
    """hospital's patient chatbot pinned to `gpu = "h100-80gb"`: its quote rents one H100 at KakaoCloud (it rented an
    A100 unpinned); the Placement screen's rented-GPU section and the Hardware screen's rented list say it is the
    workload's own GPU, and so does the hosting step of its trace."""
    path = plan_copy("hospital")
    chatbot = 'kind = "customer_chatbot"\n'
    path.write_text(path.read_text(encoding="utf-8").replace(chatbot, chatbot + 'gpu = "h100-80gb"\n', 1), encoding="utf-8")
    app = make_app(path)

    async def scenario(pilot):
        quote = app.session.evaluation.workload("patient-chatbot").gpuaas
        assert (quote.gpu, quote.gpu_pinned, quote.gpus) == ("h100-80gb", True, 1)
        await pilot.press("3")
        pane = app.query_one("#pane-placement")
        await wait_for(pilot, lambda: pane.table.current_key is not None)
        await pilot.press("down")
        await wait_for(pilot, lambda: pane.table.current_key == "patient-chatbot")
        await wait_for(pilot, lambda: "1 x NVIDIA H100 80GB SXM (1 replica x TP 1; the workload's GPU), reserved 3 years" in screen_text(app))
        assert "rented 1 x h100-80gb (the workload's GPU) at" in screen_text(app)  # the trace's hosting step (wrapped after "at")
        await pilot.press("4")
        await wait_for(pilot, lambda: "1 x h100-80gb (the workload's GPU), reserved 3y" in screen_text(app))

    drive(app, scenario, size=(120, 60))


def test_the_pinned_quote_line_reads_as_one_phrase_in_korean(plan_copy):
    """The same quote in Korean: the workload's GPU comes first, as Korean says it, and the shape follows in one
    parenthesis (it read "...(워크로드의 GPU) 1개 (복제본 1개 x TP 1)", two parentheses in a line)."""
    from planner import i18n

    path = plan_copy("hospital")
    chatbot = 'kind = "customer_chatbot"\n'
    path.write_text(path.read_text(encoding="utf-8").replace(chatbot, chatbot + 'gpu = "h100-80gb"\n', 1), encoding="utf-8")
    i18n.set_language("ko")
    try:
        app = make_app(path)

        async def scenario(pilot):
            await pilot.press("3")
            pane = app.query_one("#pane-placement")
            await wait_for(pilot, lambda: pane.table.current_key is not None)
            await pilot.press("down")
            await wait_for(pilot, lambda: pane.table.current_key == "patient-chatbot")
            await wait_for(pilot, lambda: "워크로드의 GPU인 NVIDIA H100 80GB SXM 1개 (복제본 1개 x TP 1)" in screen_text(app))
            line = next(line for line in screen_text(app).splitlines() if "복제본 1개 x TP 1" in line)
            assert "(워크로드의 GPU)" not in line and line.endswith("3년 약정 (상시)"), line

        drive(app, scenario, size=(120, 60))
    finally:
        i18n.set_language("en")


def test_an_offer_pin_that_leaves_an_override_to_rented_gpus_impossible_is_refused_in_the_dialog(plan_copy):
    """midsize-chatbot's translation workload pinned to `gpu = "a100-80gb"` and placed on rented GPUs (KakaoCloud and
    KT Cloud rent A100s). Pinning `[hardware] gpuaas` to NHN Cloud, which rents only H100s, would leave it unserved:
    the GPU-choices dialog says why and stays open; KT Cloud saves, and the workload rents its A100 there."""
    from textual.widgets import Label, Select

    from planner.tui.dialogs.hardware import HardwareDialog

    path = _translation_with(plan_copy, 'gpu = "a100-80gb"\nplacement = "gpuaas"\nplacement_note = "Pilot on rented GPUs, CTO 2026-11"\n')
    app = make_app(path)

    async def scenario(pilot):
        assert app.session.evaluation.workload("translation").gpuaas.gpu == "a100-80gb"
        await pilot.press("4", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, HardwareDialog))
        app.screen.query_one("#hardware-gpuaas", Select).value = "nhncloud-gwangju"
        await pilot.pause()
        await pilot.click("#save")
        error = app.screen.query_one("#hardware-error", Label)
        await wait_for(pilot, lambda: str(error.render()) != "")
        assert isinstance(app.screen, HardwareDialog), "a GPU choice the plan cannot take closed the dialog"
        assert str(app.screen.query_one("#hardware-error", Label).render()) == (
            "workloads.2.placement: placement = 'gpuaas', but rented GPUs cannot serve it: no allowed offer rents a100-80gb, the workload's GPU "
            "(its gpu; they rent h100-80gb); choose a gpu the offers rent, or another placement"
        )
        assert app.session.plan.hardware.gpuaas is None
        app.screen.query_one("#hardware-gpuaas", Select).value = "ktcloud-korea"
        save = app.screen.query_one("#save")
        await wait_for(pilot, lambda: not save.has_class("-active"))  # a button ignores clicks while it shows the last one
        await pilot.click("#save")
        await wait_for(pilot, lambda: not isinstance(app.screen, HardwareDialog))
        assert app.session.plan.hardware.gpuaas == "ktcloud-korea"
        await wait_for(pilot, lambda: app.session.evaluation.workload("translation").gpuaas.offer == "ktcloud-korea")

    drive(app, scenario, size=(120, 60))
