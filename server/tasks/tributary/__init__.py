"""Tributary's helper for python tasks: `from tributary import get_connection`.

The worker hands a python task only the connections its spec lists in `conn_ids`, resolved
with their secrets; no other connection of the workspace ever reaches the task's process.
Passwords stay masked in the task log as for every other task.
"""
import json

__all__ = ["Connection", "get_connection"]

_connections = {}


class Connection:
    """The fields of Airflow's Connection a task reads."""

    def __init__(self, conn_id, conn_type, host, port, login, password, schema, extra):
        self.conn_id = conn_id
        self.conn_type = conn_type
        self.host = host
        self.port = port
        self.login = login
        self.password = password
        self.schema = schema
        # A JSON string, as Airflow's Connection.extra; extra_dejson parses it.
        self.extra = extra

    @property
    def extra_dejson(self):
        return json.loads(self.extra) if self.extra else {}

    def get_password(self):
        return self.password

    def get_extra(self):
        return self.extra

    def __repr__(self):
        # Never the password: a repr ends up in logs and tracebacks.
        return "Connection(conn_id=%r, conn_type=%r, host=%r, port=%r, login=%r, schema=%r)" % (
            self.conn_id, self.conn_type, self.host, self.port, self.login, self.schema,
        )


def get_connection(conn_id):
    """The task's own connection `conn_id` (one its spec lists in conn_ids); KeyError otherwise."""
    fields = _connections.get(conn_id)
    if fields is None:
        listed = ", ".join(sorted(_connections)) or "none"
        raise KeyError(
            "connection '%s' is not one of this task's conn_ids (%s): list it in the task's conn_ids" % (conn_id, listed)
        )
    return Connection(**fields)


def _install(connections):
    """Called once by the runner before the task's code, with the task's resolved connections."""
    _connections.clear()
    _connections.update(connections)
