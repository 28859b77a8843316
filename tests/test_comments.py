"""Comments are the user's data: fmt and the app keep each one with the key or table it annotates."""

from __future__ import annotations

from planner.store.plan_io import read_comments

PLAN = '''# Owner: IT strategy team

schema_version = 1
name = "Comment test"  # the plan's name
description = """
A plan.
# this line is text, not a comment
"""
start = 2026-03-02

[organization]  # who we are
# headcount from HR, 2026-01

employees = 500 # HR figure

# Workloads follow
[[workloads]]
# the main one
kind = "internal_rag"
id = "chat"  # slug
name = "Chat #1"
users = 300

[[workloads]]  # second
id = "faq"
name = "FAQ"
kind = "general_qa"
users = 100

[[tasks]]
id = "training"
name = "Training"
phase = 2
duration_days = 5
depends_on = [
  "p1.done",  # after phase 1
  # and nothing else
]
# reviewed by the PMO
'''


def _before(text: str, comment: str, line: str) -> bool:
    """`comment` is on the line right above `line`."""
    lines = text.splitlines()
    return lines[lines.index(line) - 1] == comment


def test_fmt_keeps_every_comment_with_its_key_and_canonical_order(tmp_path, run_cli):
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    assert run_cli("fmt", str(path)).code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# LLM migration plan, written by planner.\n# Owner: IT strategy team\n")
    assert 'name = "Comment test"  # the plan\'s name' in text
    assert "[organization]  # who we are\n# headcount from HR, 2026-01\n" in text  # after a table header
    assert "employees = 500  # HR figure" in text  # number formats stay canonical, the comment stays on its line
    assert _before(text, "# Workloads follow", "[[workloads]]")
    assert _before(text, "# the main one", 'kind = "internal_rag"')  # inside [[workloads]], key order canonical
    assert text.index('id = "chat"  # slug') < text.index('kind = "internal_rag"')
    assert "[[workloads]]  # second\nid = \"faq\"" in text  # after [[workloads]]
    assert _before(text, "# and nothing else", 'depends_on = ["p1.done"]')  # inside a multi-line array
    assert _before(text, "# after phase 1", "# and nothing else")
    assert 'name = "Chat #1"\n' in text  # a string holding # is not a comment
    assert "# this line is text, not a comment" in text and text.count("# this line is text") == 1
    assert text.rstrip().endswith("# reviewed by the PMO")
    assert run_cli("fmt", "--check", str(path)).code == 0
    assert run_cli("fmt", str(path)).code == 0 and path.read_text(encoding="utf-8") == text  # stable


def test_a_multiline_string_with_a_hash_line_is_formatted_not_refused(tmp_path, run_cli):
    path = tmp_path / "plan.toml"
    path.write_text('schema_version = 1\nname = "S"\ndescription = """\n# Goals\nfewer tickets\n"""\nstart = 2026-01-05\n', encoding="utf-8")
    result = run_cli("fmt", str(path))
    assert result.code == 0, result.err
    assert 'description = "# Goals\\nfewer tickets\\n"' in path.read_text(encoding="utf-8")


def test_comments_follow_workloads_by_id_when_one_is_deleted(tmp_path, catalog):
    from planner.tui.session import PlanSession

    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    session = PlanSession.open(path, catalog)
    session.apply(session.plan.model_copy(update={"workloads": [w for w in session.plan.workloads if w.id != "chat"]}))
    session.save()
    text = path.read_text(encoding="utf-8")
    assert "# slug" not in text and "# the main one" not in text  # the deleted workload's comments went with it
    assert "[[workloads]]  # second\nid = \"faq\"" in text
    assert "[organization]  # who we are" in text and "# reviewed by the PMO" in text


def test_a_comment_whose_key_fmt_drops_is_kept_at_the_end(tmp_path, run_cli):
    path = tmp_path / "plan.toml"
    path.write_text(
        'schema_version = 1\nname = "D"\nstart = 2026-01-05\n[[workloads]]\nid = "a"\nname = "A"\nkind = "general_qa"\nusers = 5\n'
        "acknowledge_regulation = false  # default, but we say it\n",
        encoding="utf-8",
    )
    assert run_cli("fmt", str(path)).code == 0
    assert path.read_text(encoding="utf-8").rstrip().endswith("# default, but we say it")


def test_read_comments_ignores_planner_header_and_plans_without_comments():
    assert not read_comments('schema_version = 1\nname = "x #1"\n')
    assert not read_comments("# LLM migration plan, written by planner.\nschema_version = 1\n")
