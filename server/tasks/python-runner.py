# Runs one python task for the worker (see python.ts), in a process of its own started in the
# task sandbox with the task's scrubbed environment.
#
# Protocol: stdin carries one JSON object
#   { mode: "callable" | "script", source, filename, op_args, op_kwargs, context, ids, xcom, xcom_keys, connections }
# (xcom: upstream return values by task id; xcom_keys: task id -> key -> value they pushed).
# What the code prints (and logs) goes to stdout/stderr as usual: the task log, line by line
# (python -u). A failure's traceback goes to stderr. The outcome goes to file descriptor 3 as one
# JSON envelope, so nothing the code prints can pose as its result:
#   { ok: true, json?: string, xcom?: string }
#                                     json: the serialised output (absent: none); xcom: the keys
#                                     pushed with ti.xcom_push other than return_value, serialised
#   { ok: false, message: string }    message: the traceback's last line
#
# The version check comes first and the file keeps to syntax old interpreters parse, so an old
# TRIBUTARY_PYTHON says what is wrong instead of failing on a syntax error of this file.
import json
import os
import sys

MINIMUM = (3, 10)
RESULT_FD = 3
MAX_RESULT_BYTES = 64 * 1024


def report(envelope):
    # Exit as soon as the outcome is out: threads the code left running must not keep the task
    # alive (os._exit skips waiting for them).
    sys.stdout.flush()
    sys.stderr.flush()
    with os.fdopen(RESULT_FD, "w", encoding="utf-8") as channel:
        channel.write(json.dumps(envelope))
    os._exit(0)


if sys.version_info[:2] < MINIMUM:
    report({
        "ok": False,
        "message": "Python %d.%d runs here (%s), python tasks need 3.10 or later: install a newer python3, "
        "or set TRIBUTARY_PYTHON to one" % (sys.version_info[0], sys.version_info[1], sys.executable),
    })

import asyncio  # noqa: E402
import ast  # noqa: E402
import datetime  # noqa: E402
import inspect  # noqa: E402
import linecache  # noqa: E402
import logging  # noqa: E402
import traceback  # noqa: E402
import types  # noqa: E402

import tributary  # noqa: E402  (on PYTHONPATH: the helper module shipped beside this runner)

RUNNER_FILE = os.path.abspath(__file__)


class TributaryLimitation(Exception):
    """What Tributary does not do that Airflow does (XComs of other DAGs or runs)."""


class DagRun:
    """Airflow's dag_run, as far as a task can use it."""

    def __init__(self, ids, context):
        self.dag_id = ids["dag_id"]
        self.run_id = ids["run_id"]
        self.logical_date = context["logical_date"]
        self.execution_date = context["logical_date"]
        self.data_interval_start = context["data_interval_start"]
        self.data_interval_end = context["data_interval_end"]
        # Tributary merges a run's conf over the DAG's params (Airflow's
        # dag_run_conf_overrides_params); conf here is that merged mapping.
        self.conf = dict(context["params"])

    def __repr__(self):
        return "<DagRun %s @ %s: %s>" % (self.dag_id, self.logical_date.isoformat(), self.run_id)


class TaskInstance:
    """Airflow's ti: xcom_pull reads the upstream tasks' outputs and pushed keys, xcom_push sets this task's."""

    def __init__(self, ids, xcom, xcom_keys):
        self.dag_id = ids["dag_id"]
        self.task_id = ids["task_id"]
        self.run_id = ids["run_id"]
        self.try_number = ids["try_number"]
        self._xcom = xcom
        self._xcom_keys = xcom_keys
        self.pushed = {}

    def _pull_one(self, task_id, key, default):
        if key == "return_value":
            return self._xcom.get(task_id, default)
        return self._xcom_keys.get(task_id, {}).get(key, default)

    def xcom_pull(self, task_ids=None, dag_id=None, key="return_value", include_prior_dates=False, default=None, **_ignored):
        if not isinstance(key, str):
            raise TypeError("xcom_pull(key=%r): a key is a string, like key='rows'" % (key,))
        if dag_id is not None and dag_id != self.dag_id:
            raise TributaryLimitation("xcom_pull(dag_id=%r): a task reads only its own DAG run's upstream outputs" % (dag_id,))
        if include_prior_dates:
            raise TributaryLimitation("xcom_pull(include_prior_dates=True): a task reads only its own DAG run's outputs")
        if task_ids is None:
            raise TypeError("xcom_pull needs task_ids, like ti.xcom_pull(task_ids='extract')")
        if isinstance(task_ids, str):
            return self._pull_one(task_ids, key, default)
        return [self._pull_one(task_id, key, default) for task_id in task_ids]

    def xcom_push(self, key, value, **_ignored):
        """Checked as pushed, so the error names the key and the line that pushed it."""
        if not isinstance(key, str) or key == "":
            raise TypeError("xcom_push(%r, ...): a key is a non-empty string" % (key,))
        try:
            text = json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise TypeError("xcom_push(%r, ...): the value is not JSON-serialisable: %s" % (key, error)) from None
        others = sum(len(json.dumps(k)) + len(json.dumps(v)) + 2 for k, v in self.pushed.items() if k not in (key, "return_value"))
        size = len(text.encode("utf-8"))
        if key != "return_value" and 2 + others + len(json.dumps(key)) + size > MAX_RESULT_BYTES:
            raise ValueError(
                "xcom_push(%r, ...): %d bytes of JSON take the pushed keys over 64 KiB together, the limit of what "
                "a task passes downstream; write large data to a table and push a reference to it" % (key, size)
            )
        self.pushed[key] = value

    def pushed_keys(self):
        return {key: value for key, value in self.pushed.items() if key != "return_value"}

    def __repr__(self):
        return "<TaskInstance: %s.%s %s [running]>" % (self.dag_id, self.task_id, self.run_id)


def parse_datetime(text):
    return None if text is None else datetime.datetime.fromisoformat(text)


def build_context(payload):
    """Airflow's context: the template values, dates as timezone-aware datetimes, and dag_run, ti, dag, task."""
    ids = payload["ids"]
    context = dict(payload["context"])
    for name in ("logical_date", "data_interval_start", "data_interval_end"):
        context[name] = parse_datetime(context[name])
    context["execution_date"] = context["logical_date"]
    ti = TaskInstance(ids, payload["xcom"], payload.get("xcom_keys") or {})
    dag_run = DagRun(ids, context)
    context.update(ti=ti, task_instance=ti, dag_run=dag_run, conf=dag_run.conf)
    context.update(dag=types.SimpleNamespace(dag_id=ids["dag_id"]), task=types.SimpleNamespace(task_id=ids["task_id"]))
    return context, ti


def compile_source(source, filename, mode_name):
    # Registered so that tracebacks show the user's lines, as they would for a file.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    tree = ast.parse(source, filename, "exec")
    code = compile(tree, filename, "exec")
    namespace = {"__name__": "__main__" if mode_name == "script" else "tributary_task", "__file__": filename, "__builtins__": __builtins__}
    return tree, code, namespace


def first_function(tree, filename):
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return node.name
    raise TypeError("%s defines no function: the first top-level `def name(...):` is the one called" % filename)


def call_arguments(fn, op_args, op_kwargs, context):
    """As Airflow's PythonOperator: op_kwargs over the context, then only the names fn declares (all with **kwargs)."""
    available = dict(context)
    available.update(op_kwargs)
    parameters = list(inspect.signature(fn).parameters.values())
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    # Names op_args already fill are not passed again by keyword.
    filled = set(p.name for p in positional[: len(op_args)])
    if any(p.kind == p.VAR_KEYWORD for p in parameters):
        return {name: value for name, value in available.items() if name not in filled}
    names = set(p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)) - filled
    return {name: value for name, value in available.items() if name in names}


def run(payload):
    context, ti = build_context(payload)
    filename = payload["filename"]
    tree, code, namespace = compile_source(payload["source"], filename, payload["mode"])
    if payload["mode"] == "script":
        # A script sees the context as globals (ds, ti, params...), and `context` whole.
        namespace.update(context)
        namespace["context"] = context
        exec(code, namespace)
        returned = namespace.get("return_value")
    else:
        name = first_function(tree, filename)
        exec(code, namespace)
        fn = namespace[name]
        args = payload["op_args"]
        returned = fn(*args, **call_arguments(fn, args, payload["op_kwargs"], context))
        if inspect.isawaitable(returned):
            returned = asyncio.run(returned)
    if returned is None:
        returned = ti.pushed.get("return_value")
    return returned, ti.pushed_keys()


def serialise(value, pushed):
    envelope = serialise_output(value)
    if envelope["ok"] and pushed:
        # Each value was checked by xcom_push; together they stay under the cap (the worker checks again).
        envelope["xcom"] = json.dumps(pushed, allow_nan=False)
    return envelope


def serialise_output(value):
    if value is None:
        return {"ok": True}
    try:
        # allow_nan=False: NaN is not JSON, and the worker would refuse the result.
        text = json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as error:
        return {"ok": False, "message": "the returned value is not JSON-serialisable: %s" % error}
    size = len(text.encode("utf-8"))
    if size > MAX_RESULT_BYTES:
        return {
            "ok": False,
            "message": "the returned value is %d bytes of JSON, over the 64 KiB limit of a task's output; "
            "write large data to a table and return a reference to it" % size,
        }
    return {"ok": True, "json": text}


def failure(error):
    tb = error.__traceback__
    # The runner's own frames above the user's code are noise to them.
    while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) == RUNNER_FILE:
        tb = tb.tb_next
    lines = traceback.format_exception(type(error), error, tb)
    sys.stderr.write("".join(lines))
    last = traceback.format_exception_only(type(error), error)[-1].strip()
    if isinstance(error, SystemExit):
        last = "the code called sys.exit(%s) before returning a result" % (error.code,)
    return {"ok": False, "message": last}


def main():
    payload = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    # logging's lines join print's in the task log, each with its level for the log viewer.
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    tributary._install(payload["connections"])
    try:
        envelope = serialise(*run(payload))
    except BaseException as error:  # noqa: B036  SystemExit and KeyboardInterrupt end the task too
        envelope = failure(error)
    report(envelope)


main()
