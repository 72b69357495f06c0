"""From a question to an Answer: read it, give it its kind, and let the kind answer.

Misspelt names close to two entities get "Did you mean X or Y?"; names the articles lack get an abstention
that names what they cover; everything else is answered by the kind registry (``kinds.py``): records first
where the kind has them, the best sentences otherwise, each lead checked against what is shown with it.
"""

from __future__ import annotations

from index.answer.conversation import Conversation, standalone_question
from index.answer.kinds import abstain, kind_of, read_question
from index.answer.known import Knowledge, join
from index.answer.questions import MAX_QUESTION_CHARS, Question, clean_question
from index.answer.sentences import WORD
from index.models import Answer
from index.search.retrieve import Retriever

__all__ = ["Knowledge", "answer_question", "read"]


def read(knowledge: Knowledge, text: str, conversation: Conversation | None = None) -> tuple[str, Question]:
    """The question made standalone and read against the knowledge."""
    standalone = standalone_question(
        text, conversation, knowledge.matcher, knowledge.genders, knowledge.kinds, knowledge.candidates
    )
    return standalone, read_question(standalone, knowledge.matcher, knowledge.candidates)


def answer_question(
    knowledge: Knowledge, retriever: Retriever, question: str, conversation: Conversation | None = None
) -> Answer:
    """Answer one question; in a conversation, follow-ups are read against the earlier turns."""
    text = clean_question(question)
    if not text or not WORD.search(text):
        return Answer(question, "Ask me a question about the articles, for example: Who backed Owen Smith?", [], True)
    if len(text) > MAX_QUESTION_CHARS:
        return Answer(
            question, f"That question is too long: ask it in at most {MAX_QUESTION_CHARS} characters.", [], True
        )
    standalone, read_as = read(knowledge, text, conversation)
    answer = _answer(knowledge, retriever, read_as)
    answer.question = question
    if conversation is not None:
        names = list(dict.fromkeys([*read_as.names, *_names_in(answer.lead, knowledge)]))
        conversation.remember(standalone, answer, names, read_as.restrictions)
    return answer


def _names_in(text: str, knowledge: Knowledge) -> list[str]:
    return list(dict.fromkeys(m.name for m in knowledge.matcher.mentions(text)))


def _answer(knowledge: Knowledge, retriever: Retriever, question: Question) -> Answer:
    if question.uncertain:
        typed, choices = question.uncertain[0]
        return Answer(question.text, f"Did you mean {join(choices, 'or')}? (You wrote “{typed}”.)", [], True)
    if question.unknown_names:
        missing = " ".join(question.unknown_names)
        return abstain(question, f"The articles do not mention {missing}.", knowledge)
    return kind_of(question).answer(question, knowledge, retriever)
