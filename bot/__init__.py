"""whobacked's front ends: the Discord bot and the `whobacked` command line."""
