"""``python -m kb.cli``: the ``kb`` command without its console script."""
from kb.cli import main

if __name__ == "__main__":
    main()
