"""The yardstick: a bare Flask app that runs one query and renders one small template.

`make bench` serves it under the same gunicorn settings as the forum and
compares their throughput on the same machine in the same run.
"""
import os
import sqlite3

from flask import Flask, g, render_template_string

app = Flask(__name__)
DATABASE = os.environ["BASELINE_DATABASE"]
PAGE = """<!doctype html><title>{{ title }}</title><h1>{{ title }}</h1><p>{{ count }} posts</p>"""


def connection():
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
    return g.db


@app.teardown_appcontext
def close(_error):
    if (db := g.pop("db", None)) is not None:
        db.close()


@app.get("/t/<int:topic_id>")
def topic(topic_id):
    row = connection().execute("SELECT title, post_count FROM topics WHERE id = ?", (topic_id,)).fetchone()
    return render_template_string(PAGE, title=row[0], count=row[1])
