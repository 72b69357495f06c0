"""The bot's features, one cog per module, each loaded by `Bot.setup_hook`."""
