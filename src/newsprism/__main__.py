"""python -m newsprism"""

from .cli.main import run

run()
