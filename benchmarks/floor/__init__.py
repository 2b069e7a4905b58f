"""The floor of the web benchmark: a bare Django 5.2 project serving the same rows as Hyoka."""
