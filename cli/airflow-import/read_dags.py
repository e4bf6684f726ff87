#!/usr/bin/env python3
"""Describes Airflow DAG files as JSON WITHOUT running them: Python's own parser (ast) only.

stdin:  {"files": [{"path": "dags/x.py", "source": "..."}]}
stdout: {"files": [{"path", "error"?, "functions", "dags", "tasks", "edges", "notes"}]}

Nothing here imports Airflow or executes the files: values are read as literals where they are
literals, and as a call or an expression (with its line and text) where they are not, so the
TypeScript converter decides what maps and reports the rest. Needs Python 3.10 or later.
"""
import ast
import json
import os
import sys
import textwrap

# The sibling module, wherever this file runs from (the checkout, or /opt/tributary in the sandbox).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from function_sources import ModuleHelpers, imports_used, loaded_names, module_imports  # noqa: E402

OPERATOR_SUFFIXES = ("Operator", "Sensor")
DAG_CLASS = "DAG"


def dotted(node):
    """`a.b.c` as a string, or None when the expression is not a plain dotted name."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def last(name):
    return name.rsplit(".", 1)[-1] if name else ""


class FileReader:
    def __init__(self, path, source):
        self.path = path
        self.source = source
        self.functions = {}
        self.taskflow = {}
        self.dags = []
        self.tasks = []
        self.edges = []
        self.notes = []
        self.task_ids_used = {}

    # ---- values -------------------------------------------------------------------------------
    def text(self, node):
        return ast.get_source_segment(self.source, node) or ""

    def opaque(self, node):
        return {"expr": self.text(node), "line": node.lineno}

    def value(self, node, scope, depth=0):
        """A literal as {"lit": v}; otherwise a described call, name, list, dict or expression."""
        if depth > 20:
            return self.opaque(node)
        if isinstance(node, ast.Constant) and not isinstance(node.value, (bytes, type(...))):
            return {"lit": node.value}
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) and isinstance(node.operand.value, (int, float)):
            return {"lit": -node.operand.value}
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items = [self.value(item, scope, depth + 1) for item in node.elts]
            if all("lit" in item for item in items):
                return {"lit": [item["lit"] for item in items]}
            return {"list": items, "line": node.lineno}
        if isinstance(node, ast.Dict):
            if not all(isinstance(key, ast.Constant) and isinstance(key.value, str) for key in node.keys):
                return self.opaque(node)
            items = {key.value: self.value(val, scope, depth + 1) for key, val in zip(node.keys, node.values)}
            if all("lit" in item for item in items.values()):
                return {"lit": {key: item["lit"] for key, item in items.items()}}
            return {"dict": items, "line": node.lineno}
        if isinstance(node, ast.Name) and node.id in scope.bindings and scope.bindings[node.id] is not node:
            return self.value(scope.bindings[node.id], scope, depth + 1)
        name = dotted(node)
        if name is not None:
            return {"name": name, "line": node.lineno}
        if isinstance(node, ast.Call) and dotted(node.func):
            return {
                "call": dotted(node.func),
                "args": [self.value(arg, scope, depth + 1) for arg in node.args],
                "kwargs": {kw.arg: self.value(kw.value, scope, depth + 1) for kw in node.keywords if kw.arg},
                "line": node.lineno,
                "text": self.text(node),
            }
        return self.opaque(node)

    def note(self, node, message, what="statement"):
        self.notes.append({"line": node.lineno, "what": what, "message": message, "text": self.text(node)[:200]})

    # ---- functions and the DAG bodies ----------------------------------------------------------
    def function_source(self, node):
        segment = ast.get_source_segment(self.source, node, padded=True) or ""
        return textwrap.dedent(segment).rstrip() + "\n"

    def decorator(self, node):
        """('dag' | 'task' | 'task.<kind>' | None, kwargs node list) of a function definition."""
        for deco in node.decorator_list:
            call = deco if isinstance(deco, ast.Call) else None
            name = dotted(call.func if call else deco) or ""
            parts = name.split(".")
            if parts[-1] == "dag" or name.endswith("decorators.dag"):
                return "dag", call, deco
            if "task" in parts:
                kind = ".".join(parts[parts.index("task"):])
                return kind, call, deco
        return None, None, None

    def read(self):
        tree = ast.parse(self.source, filename=self.path)
        module = Scope(None, None)
        self.collect_functions(tree)
        self.body(tree.body, module)
        return {
            "path": self.path,
            "functions": self.functions,
            "dags": self.dags,
            "tasks": self.tasks,
            "edges": self.edges,
            "notes": self.notes,
        }

    def collect_functions(self, tree):
        imports = module_imports(tree)
        module = ModuleHelpers(tree, self.source)
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                carried, names = module.carried(node)
                self.functions[node.name] = {
                    "source": self.function_source(node),
                    # The python task's source starts with them: the def alone would not run.
                    "imports": imports_used(imports, names),
                    "line": node.lineno,
                    "params": [arg.arg for arg in node.args.posonlyargs + node.args.args + node.args.kwonlyargs],
                    **carried,
                }

    def body(self, statements, scope):
        for statement in statements:
            self.statement(statement, scope)

    def statement(self, node, scope):
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.Pass)):
            return
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            return  # a docstring
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return self.function_def(node, scope)
        if isinstance(node, ast.With):
            return self.with_block(node, scope)
        if isinstance(node, ast.Assign):
            return self.assign(node, scope)
        if isinstance(node, ast.AnnAssign) and node.value is not None and isinstance(node.target, ast.Name):
            scope.bindings[node.target.id] = node.value  # `LIMIT: int = 5`, a constant as any other
            return
        if isinstance(node, ast.Expr):
            return self.expression(node.value, scope, node)
        if isinstance(node, ast.Return) and node.value is not None and scope.dag is not None:
            return self.expression(node.value, scope, node)
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            return self.note(node, "a loop: tasks it builds are not converted; write them out, or do the loop's work in one python task", "loop")
        if isinstance(node, ast.Return):
            return
        self.note(node, f"{type(node).__name__} statement not converted")

    def function_def(self, node, scope):
        kind, call, _ = self.decorator(node)
        if kind == "dag":
            kwargs = {kw.arg: self.value(kw.value, scope) for kw in (call.keywords if call else []) if kw.arg}
            args = [self.value(arg, scope) for arg in (call.args if call else [])]
            if "dag_id" not in kwargs and not args:
                kwargs["dag_id"] = {"lit": node.name}
            dag = self.new_dag(node, "decorator", args, kwargs, doc=ast.get_docstring(node))
            scope.dag_functions.add(node.name)
            self.body(node.body, Scope(scope, dag))
            return
        if kind is not None:
            kwargs = {kw.arg: self.value(kw.value, scope) for kw in (call.keywords if call else []) if kw.arg}
            scope.taskflow[node.name] = {"kind": kind, "function": node.name, "line": node.lineno, "kwargs": kwargs}
        # A plain function is only a python_callable candidate (collected already).

    def new_dag(self, node, form, args, kwargs, doc=None):
        dag = {"index": len(self.dags), "form": form, "line": node.lineno, "args": args, "kwargs": kwargs}
        if doc:
            dag["docstring"] = doc
        self.dags.append(dag)
        return dag["index"]

    def dag_call(self, node):
        return isinstance(node, ast.Call) and last(dotted(node.func)) == DAG_CLASS

    def with_block(self, node, scope):
        item = node.items[0] if len(node.items) == 1 else None
        expr = item.context_expr if item else None
        if expr is not None and self.dag_call(expr):
            dag = self.new_dag(node, "with", [self.value(a, scope) for a in expr.args], {kw.arg: self.value(kw.value, scope) for kw in expr.keywords if kw.arg})
            inner = Scope(scope, dag)
            if isinstance(item.optional_vars, ast.Name):
                scope.dag_vars[item.optional_vars.id] = dag
            self.body(node.body, inner)
            return
        if expr is not None and isinstance(expr, ast.Call) and last(dotted(expr.func)) == "TaskGroup":
            self.note(node, "a TaskGroup: its tasks are converted without the group's id prefix", "task_group")
            self.body(node.body, scope)
            return
        self.note(node, "a `with` block that is not a DAG: not converted")

    def assign(self, node, scope):
        names = [target.id for target in node.targets if isinstance(target, ast.Name)]
        value = node.value
        if self.dag_call(value):
            dag = self.new_dag(node, "assign", [self.value(a, scope) for a in value.args], {kw.arg: self.value(kw.value, scope) for kw in value.keywords if kw.arg})
            for name in names:
                scope.dag_vars[name] = dag
            return
        refs = self.task_expression(value, scope) if isinstance(value, (ast.Call, ast.BinOp, ast.List, ast.Tuple, ast.Subscript)) else None
        if refs is not None:
            for name in names:
                scope.vars[name] = refs
            return
        if len(names) == len(node.targets):
            for name in names:
                scope.bindings[name] = value
            return
        self.note(node, "an assignment to an attribute or item: not converted")

    def expression(self, value, scope, node):
        if self.task_expression(value, scope) is None:
            self.note(node, "a statement that builds no task: not converted")

    # ---- tasks and dependencies ----------------------------------------------------------------
    def task_expression(self, node, scope):
        """The task refs an expression stands for (creating tasks and edges on the way), or None."""
        if isinstance(node, ast.Name):
            return scope.lookup_var(node.id)
        if isinstance(node, (ast.List, ast.Tuple)):
            parts = [self.task_expression(item, scope) for item in node.elts]
            return None if any(part is None for part in parts) else [ref for part in parts for ref in part]
        if isinstance(node, ast.Subscript):
            base = self.task_expression(node.value, scope)
            return base
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.RShift, ast.LShift)):
            left = self.task_expression(node.left, scope)
            right = self.task_expression(node.right, scope)
            if left is None or right is None:
                self.note(node, "a dependency on something that is not a known task: not converted", "dependency")
                return right or left or []
            upstream, downstream = (left, right) if isinstance(node.op, ast.RShift) else (right, left)
            self.connect(upstream, downstream, node)
            return right
        if isinstance(node, ast.Call):
            return self.call(node, scope)
        return None

    def connect(self, upstream, downstream, node):
        for a in upstream:
            for b in downstream:
                self.edges.append({"from": a, "to": b, "line": node.lineno})

    def call(self, node, scope):
        name = dotted(node.func) or ""
        method = node.func.attr if isinstance(node.func, ast.Attribute) else None
        if last(name) in ("chain", "cross_downstream") and (method is None or name.endswith("helpers." + last(name))):
            return self.chain(node, scope, cross=last(name) == "cross_downstream")
        if method in ("set_upstream", "set_downstream") and node.args:
            this = self.task_expression(node.func.value, scope)
            other = self.task_expression(node.args[0], scope)
            if this is None or other is None:
                self.note(node, f"{method} on something that is not a known task: not converted", "dependency")
                return []
            self.connect(other, this, node) if method == "set_upstream" else self.connect(this, other, node)
            return this
        taskflow = scope.lookup_taskflow(name)
        if taskflow is not None:
            return [self.taskflow_call(node, taskflow, scope)]
        if last(name).endswith(OPERATOR_SUFFIXES) or (last(name)[:1].isupper() and any(kw.arg == "task_id" for kw in node.keywords)):
            return [self.operator(node, name, scope)]
        if method in ("expand", "partial", "override"):
            self.note(node, "dynamic task mapping (.partial/.expand/.override): not converted", "mapping")
            return []
        if isinstance(node.func, ast.Name) and node.func.id in scope.all_dag_functions():
            return []  # calling a @dag function instantiates the DAG already read
        return None

    def chain(self, node, scope, cross):
        groups = [self.task_expression(arg, scope) for arg in node.args]
        if any(group is None for group in groups):
            self.note(node, "chain() over something that is not a known task: not converted", "dependency")
            return []
        is_list = [isinstance(arg, (ast.List, ast.Tuple)) for arg in node.args]
        for i, (up, down) in enumerate(zip(groups, groups[1:])):
            # Airflow's chain() links two adjacent lists pairwise (they must be as long); cross_downstream links all.
            if not cross and is_list[i] and is_list[i + 1]:
                if len(up) != len(down):
                    self.note(node, "chain() of two lists of different lengths (Airflow refuses it): not converted", "dependency")
                    continue
                for a, b in zip(up, down):
                    self.connect([a], [b], node)
            else:
                self.connect(up, down, node)
        return groups[-1] if groups else []

    def new_task(self, node, scope, task):
        task["key"] = f"t{len(self.tasks) + 1}"
        task["line"] = node.lineno
        task["dag"] = scope.dag
        self.tasks.append(task)
        return task["key"]

    def operator(self, node, name, scope):
        kwargs = {}
        dag_ref = None
        for kw in node.keywords:
            if kw.arg is None:
                self.note(node, "**kwargs in an operator call: those arguments are not converted", "argument")
            elif kw.arg == "dag":
                dag_ref = dotted(kw.value)
            else:
                kwargs[kw.arg] = self.value(kw.value, scope)
        task = {"operator": last(name), "qualified": name, "kwargs": kwargs, "args": [self.value(a, scope) for a in node.args], "text": self.text(node)[:400]}
        key = self.new_task(node, scope, task)
        if dag_ref is not None and dag_ref in scope.all_dag_vars():
            task["dag"] = scope.all_dag_vars()[dag_ref]
        return key

    def taskflow_call(self, node, taskflow, scope):
        args = [self.taskflow_argument(arg, scope) for arg in node.args]
        kwargs = {kw.arg: self.taskflow_argument(kw.value, scope) for kw in node.keywords if kw.arg}
        task = {"operator": "@" + taskflow["kind"], "function": taskflow["function"], "decorator": taskflow["kwargs"], "call_args": args, "call_kwargs": kwargs, "text": self.text(node)[:400]}
        key = self.new_task(node, scope, task)
        upstream = [arg["task"] for arg in list(args) + list(kwargs.values()) if "task" in arg]
        self.connect(upstream, [key], node)
        return key

    def taskflow_argument(self, node, scope):
        """An argument of a @task call: an upstream's return value (XCom), maybe indexed, or a value."""
        index = None
        inner = node
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            index, inner = node.slice.value, node.value
        refs = self.task_expression(inner, scope) if isinstance(inner, (ast.Name, ast.Call)) else None
        if refs is not None and len(refs) == 1:
            return {"task": refs[0], **({"index": index} if index is not None else {})}
        described = self.value(node, scope)
        described["text"] = self.text(node)
        return described


class Scope:
    """Names bound in a module, a `with DAG` body or a @dag function; lookups fall back outwards."""

    def __init__(self, parent, dag):
        self.parent = parent
        self.dag = dag if dag is not None else (parent.dag if parent else None)
        self.bindings = dict(parent.bindings) if parent else {}
        self.vars = {}
        self.taskflow = {}
        self.dag_vars = parent.dag_vars if parent else {}
        self.dag_functions = set()

    def _lookup(self, table, name):
        scope = self
        while scope is not None:
            if name in getattr(scope, table):
                return getattr(scope, table)[name]
            scope = scope.parent
        return None

    def lookup_var(self, name):
        return self._lookup('vars', name)

    def lookup_taskflow(self, name):
        return self._lookup('taskflow', name)

    def all_dag_vars(self):
        return self.dag_vars

    def all_dag_functions(self):
        names = set(self.dag_functions)
        return names | self.parent.all_dag_functions() if self.parent else names


def read_file(entry):
    reader = FileReader(entry["path"], entry["source"])
    try:
        return reader.read()
    except SyntaxError as error:
        return {"path": entry["path"], "error": {"message": error.msg, "line": error.lineno, "column": error.offset}}
    except RecursionError:
        return {"path": entry["path"], "error": {"message": "the file nests too deeply to read", "line": None, "column": None}}


def main():
    if sys.version_info < (3, 10):
        sys.stderr.write(f"read_dags.py needs Python 3.10 or later, this is {sys.version.split()[0]}\n")
        return 2
    request = json.load(sys.stdin)
    json.dump({"files": [read_file(entry) for entry in request["files"]]}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
