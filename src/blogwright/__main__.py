from blogwright.cli import app

app(prog_name="blogwright")
