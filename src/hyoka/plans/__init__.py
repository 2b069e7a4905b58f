"""Plans and their master data: the area, its municipalities, visions, roles, projects,
indicators."""
