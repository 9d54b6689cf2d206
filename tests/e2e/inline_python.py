"""Runs a Pulumi Python project's program for `pulumi preview` or `pulumi up`
through the Python SDK's Automation API, as an inline program: the SDK serves
the program to the real `pulumi` CLI from this process (the CLI's --client
flag), which is what the Python language host would otherwise do. That host
cannot be obtained on this project's machines (docs/testing.md); everything
else is the real thing: the CLI, its engine, the provider plugin, the project's
Pulumi.yaml (plugins:), its stack and config, and the program's own
__main__.py, run as __main__ in the project folder.

usage (cwd: the project; run with the project's venv python):
    python inline_python.py preview|up [--expect-no-changes] [--diff] [--yes] [--non-interactive] [--stack NAME]
Exits 1 with the CLI's output when the command fails.
"""
import os
import runpy
import sys

from pulumi import automation as auto


def main(argv):
    if not argv or argv[0] not in ("preview", "up"):
        print(__doc__, file=sys.stderr)
        return 2
    command, flags = argv[0], argv[1:]
    stack_name = None
    if "--stack" in flags:
        stack_name = flags[flags.index("--stack") + 1]
    work_dir = os.getcwd()

    def program():
        runpy.run_path(os.path.join(work_dir, "__main__.py"), run_name="__main__")

    ws = auto.LocalWorkspace(work_dir=work_dir, program=program)
    stack = auto.Stack.select(stack_name or ws.stack().name, ws)
    kwargs = {"on_output": print, "color": "never"}
    if "--expect-no-changes" in flags:
        kwargs["expect_no_changes"] = True
    if "--diff" in flags:
        kwargs["diff"] = True
    try:
        if command == "preview":
            stack.preview(**kwargs)
        else:
            stack.up(**kwargs)
    except auto.errors.CommandError as e:
        print(str(e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
