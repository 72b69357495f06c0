"""The one base class of every error whobacked explains to its user in a sentence."""


class WhobackedError(Exception):
    """An error whose message says, in one sentence, what went wrong and what to do next."""
