from lytte.portal.tests.help_world import help_centre

__all__ = ["help_centre"]  # the help centre's own small world, for every portal test
