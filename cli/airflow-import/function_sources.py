"""What travels with a function that read_dags.py converts into a python task: the file's
top-level imports it uses (Airflow's left out) and the module-level literal constants and
helper functions it reads, transitively. Python's parser (ast) only: nothing here runs the file.
Beside read_dags.py (the sandboxed web import mounts both), which imports it.
"""
import ast
import builtins
import textwrap


def is_airflow_module(module):
    return module == "airflow" or (module or "").startswith("airflow.")


def module_imports(tree):
    """The file's top-level import statements, Airflow's own left out: a python task runs
    without Airflow, and what the converter kept from it is in the spec already."""
    statements = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            names = [alias for alias in node.names if not is_airflow_module(alias.name)]
            if names:
                statements.append(ast.Import(names=names))
        elif isinstance(node, ast.ImportFrom) and not is_airflow_module(node.module):
            statements.append(node)
    return statements


def imports_used(statements, used):
    """Each statement cut down to the names in `used` it binds (`from datetime import datetime,
    timedelta` gives `from datetime import datetime` to a function that uses only that)."""
    texts = []
    for node in statements:
        if isinstance(node, ast.Import):
            names = [alias for alias in node.names if (alias.asname or alias.name.split(".")[0]) in used]
            cut = ast.Import(names=names)
        else:
            names = [alias for alias in node.names if alias.name != "*" and (alias.asname or alias.name) in used]
            cut = ast.ImportFrom(module=node.module, names=names, level=node.level)
        if names:
            texts.append(ast.unparse(cut))
    return list(dict.fromkeys(texts))


def loaded_names(node):
    """Names a function reads: its signature (defaults, annotations) and body, not its decorators."""
    parts = [node.args, *node.body] + ([node.returns] if node.returns else [])
    return {n.id for part in parts for n in ast.walk(part) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


BUILTINS = frozenset(dir(builtins))


def bound_names(node):
    """Names a function binds itself: parameters (its own and nested ones), assignments, nested
    defs and classes, imports inside it, exception and loop targets."""
    names = set()
    for n in ast.walk(node):
        if isinstance(n, ast.arg):
            names.add(n.arg)
        elif isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
            names.add(n.id)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n is not node:
            names.add(n.name)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name.split(".")[0]) for a in n.names)
        elif isinstance(n, ast.ExceptHandler) and n.name:
            names.add(n.name)
    return names


def free_names(node):
    """What a function reads that it does not bind itself or get from Python's builtins."""
    return loaded_names(node) - bound_names(node) - BUILTINS


def import_bindings(statements):
    """The names import statements bind."""
    return {(a.asname or a.name.split(".")[0]) for node in statements for a in node.names}


def module_constant(node):
    """(name, node) of a top-level `NAME = <literal>` (or annotated), else None."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) and node.value else []
    if len(targets) != 1 or not isinstance(targets[0], ast.Name):
        return None
    try:
        ast.literal_eval(node.value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return targets[0].id, node


class ModuleHelpers:
    """The file's module-level `def`s (not tasks or DAGs) and literal constants, which a converted
    function may call or read: their source travels with it, transitively."""

    def __init__(self, tree, source):
        self.source = source
        # Airflow's own imports are not carried (a python task runs without Airflow): a helper
        # reading one is not self-contained.
        self.imported = import_bindings(module_imports(tree))
        self.defs = {}
        self.constants = {}
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.decorator_list:
                self.defs[node.name] = node
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                found = module_constant(node)
                if found:
                    self.constants[found[0]] = found[1]

    def text(self, node):
        return textwrap.dedent(ast.get_source_segment(self.source, node, padded=True) or "").rstrip() + "\n"

    def carried(self, fn):
        """({"helpers", "constants", "unresolved"}, names read by everything carried) for a function."""
        helpers, constants, unresolved = [], [], []
        names = set(loaded_names(fn))
        queue = sorted(free_names(fn) - {fn.name})
        seen = set(queue)
        while queue:
            name = queue.pop(0)
            if name in self.constants:
                node = self.constants[name]
                constants.append({"name": name, "line": node.lineno, "source": self.text(node)})
            elif name in self.defs:
                node = self.defs[name]
                reads = free_names(node) - {name}
                missing = sorted(n for n in reads if n not in self.defs and n not in self.constants and n not in self.imported)
                if missing:
                    unresolved.append({"name": name, "line": node.lineno, "reads": missing})
                    continue
                helpers.append({"name": name, "line": node.lineno, "source": self.text(node)})
                names |= loaded_names(node)
                for other in sorted(reads - seen - {fn.name}):
                    seen.add(other)
                    queue.append(other)
        return {"helpers": helpers, "constants": constants, "unresolved": unresolved}, names
