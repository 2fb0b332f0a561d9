"""Entry point of the chat-ts Python tool host (started by `loadPythonTools()` in chat-ts).

This file must stay parseable by old interpreters (even Python 2) so that a too-old interpreter
gets a clear message instead of a syntax error. The host itself lives in the `chat_ts` package.
"""
import json
import sys

MINIMUM_VERSION = (3, 9)


def main():
    if tuple(sys.version_info[:2]) < MINIMUM_VERSION:
        found = "%d.%d.%d" % tuple(sys.version_info[:3])
        sys.stdout.write(json.dumps({
            "type": "fatal",
            "kind": "interpreter-version",
            "version": found,
            "required": "%d.%d" % MINIMUM_VERSION,
            "executable": sys.executable,
        }) + "\n")
        sys.stdout.flush()
        sys.exit(3)
    from chat_ts._host import run
    run(sys.argv[1:])


if __name__ == "__main__":
    main()
