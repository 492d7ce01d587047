"""`python -m normalize`."""

from normalize.cli import main

if __name__ == "__main__":
    main()
