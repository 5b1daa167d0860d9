from blogwright.cli.app import entry_point

entry_point()
