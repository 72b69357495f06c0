"""`whobacked forget USER_ID`: a member's questions and votes deleted from the state database, others' kept."""

from __future__ import annotations

import pytest

from bot.state import State
from cli.main import main
from index.models import Answer
from index.search.snapshot import DataLayout
from index.settings import Settings

MEMBER, NEIGHBOUR = 123456789012345678, 876543210987654321


def test_forget_deletes_the_members_questions_and_votes_only(
    workspace: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    state = State(DataLayout(workspace.data_dir).state_db)
    try:
        answer = Answer(question="Who backed Corbyn?", lead="", abstained=True)
        mine = [state.record_answer(answer, 1.0, MEMBER, 1, 2) for _ in range(2)]
        theirs = state.record_answer(answer, 1.0, NEIGHBOUR, 1, 2)
        state.record_feedback(theirs, MEMBER, True)
        state.record_feedback(mine[0], NEIGHBOUR, False)
    finally:
        state.close()
    assert main(["forget", str(MEMBER)]) == 0
    assert capsys.readouterr().out.startswith(f"Deleted 2 question(s) and 1 feedback vote(s) of {MEMBER} from ")
    state = State(DataLayout(workspace.data_dir).state_db)
    try:
        assert state.kept_about(MEMBER)[0] == 0 and state.kept_about(NEIGHBOUR)[0] == 1
        assert state.kept_about(NEIGHBOUR)[1].votes == 0  # their vote on the member's question went with it
    finally:
        state.close()


@pytest.mark.parametrize("user_id", ["alice", "12 34", "-5", "１２３", "99999999999999999999"])
def test_forget_refuses_what_is_not_a_user_id(
    workspace: Settings, capsys: pytest.CaptureFixture[str], user_id: str
) -> None:
    assert main(["forget", user_id]) == 1
    err = capsys.readouterr().err
    assert "is not a Discord user id" in err and "Copy User ID" in err and err.count("\n") == 1


def test_forget_without_a_state_database_says_nothing_is_kept(
    workspace: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["forget", str(MEMBER)]) == 0
    assert capsys.readouterr().out.startswith(f"Nothing is kept about {MEMBER}: there is no state database at ")
    assert not workspace.data_dir.exists()
