"""`planner import FILE.csv|xlsx [--into PLAN]`: a spreadsheet inventory becomes plan workloads, or nothing changes."""

from __future__ import annotations

import tomllib

import openpyxl

from planner.store.inventory import HEADERS

CSV = """Name,Kind,Users,Requests per user per day,Data class,Owner
HR policy bot,internal_rag,300,4,confidential,Kim
Marketing copy,marketing_content,,,public,Lee
Support chat,customer_chatbot,,,personal,Park
"""


def test_csv_to_toml_on_stdout_with_a_preview(tmp_path, run_cli):
    source = tmp_path / "inventory.csv"
    source.write_text(CSV.replace("marketing_content,,,", "marketing_content,50,2,").replace("customer_chatbot,,,", "customer_chatbot,1000,1,"), encoding="utf-8")
    result = run_cli("import", str(source))
    assert result.code == 0, result.err
    workloads = tomllib.loads(result.out)["workloads"]
    assert [w["id"] for w in workloads] == ["hr-policy-bot", "marketing-copy", "support-chat"]
    assert workloads[0] == {"id": "hr-policy-bot", "name": "HR policy bot", "kind": "internal_rag", "users": 300, "requests_per_user_per_day": 4, "data": "confidential"}
    assert "ignored columns (not recognized): Owner" in result.err
    # the preview shows where each lands: the confidential bot self-hosted, on rented GPUs (cheaper than buying for it)
    assert "confidential -> gpuaas" in next(line for line in result.err.splitlines() if "hr-policy-bot" in line)


def test_bad_rows_are_listed_by_row_and_column_and_nothing_is_written(tmp_path, run_cli):
    plan = tmp_path / "plan.toml"
    assert run_cli("new", str(plan)).code == 0
    before = plan.read_bytes()
    source = tmp_path / "inventory.csv"
    source.write_text(CSV.replace("300,4", "three hundred,4").replace("customer_chatbot", "chatbot"), encoding="utf-8")
    result = run_cli("import", str(source), "--into", str(plan))
    assert result.code == 1
    lines = result.err.splitlines()
    assert f"{source}:2:Users: expected a number, got 'three hundred'" in lines
    assert any(line.startswith(f"{source}:3:Users: ") for line in lines)  # neither users nor requests per day
    assert any(line.startswith(f"{source}:4:Kind: ") and "chatbot" in line for line in lines)
    assert plan.read_bytes() == before


def test_korean_xlsx_into_a_plan(tmp_path, run_cli):
    plan = tmp_path / "plan.toml"
    assert run_cli("new", str(plan)).code == 0
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["워크로드명", "유형", "일일 요청 수", "데이터 등급", "비식별 가능", "입력 토큰"])
    sheet.append(["고객 상담", "customer_chatbot", 2000, "개인정보", "예", 600])
    sheet.append(["번역", "general_qa", "1,500", "공개", None, None])
    source = tmp_path / "목록.xlsx"
    book.save(source)
    result = run_cli("import", str(source), "--into", str(plan))
    assert result.code == 0, result.err
    saved = tomllib.loads(plan.read_text(encoding="utf-8"))
    chat, translation = saved["workloads"]
    assert chat["name"] == "고객 상담" and chat["requests_per_day"] == 2000 and chat["data"] == "personal" and chat["deidentifiable"] is True
    assert chat["input_tokens"] == 600 and "output_tokens" not in chat  # the rest comes from the kind
    assert translation["requests_per_day"] == 1500 and translation["data"] == "public"
    assert set(saved["summary"]["placement"]) == {chat["id"], translation["id"]}
    # Korean names have no letters an id may use (a-z, 0-9): the id comes from the kind, not "workload", "workload-2"
    assert (chat["id"], translation["id"]) == ("customer-chatbot", "general-qa")
    assert run_cli("validate", str(plan)).code == 0


def test_readme_lists_every_recognized_header():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for aliases in HEADERS.values():
        for alias in aliases:
            assert f"`{alias}`" in readme, alias
