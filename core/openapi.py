"""The schema as integrators' generators need it (a drf-spectacular postprocessing
hook, after the enum hook): docs/api.md, "The contract".

- No `title` on properties and parameters: generators name classes after titles,
  and ours are Vietnamese labels (they move into the description).
- Every 4xx answer has the one error envelope (`Error`), whatever a view declared.
- A query parameter whose values are exactly those of an enum component refers to
  it, so a value read from a response can be passed back as a filter; a parameter's
  own enum becomes a component named after it (`ByEnum`), shared by the operations
  that take it, unless that name is taken by other values.
- An operation open to anonymous callers lists no security requirement (rather than
  "a token, a session or nothing"): generators then accept a plain client for it.
  A token sent anyway is still read.
"""

from typing import Any

ERROR_REF = {"$ref": "#/components/schemas/Error"}
COMPOSITIONS = ("allOf", "oneOf", "anyOf")
SUBSCHEMAS = ("items", "additionalProperties", "not")


def postprocess_contract(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    components = result.get("components", {}).get("schemas", {})
    for schema in components.values():
        _drop_titles(schema)
    enums = _enum_components(components)
    for operation in _operations(result):
        if {} in operation.get("security", []):
            operation["security"] = []
        for parameter in operation.get("parameters", []):
            _drop_titles(parameter.get("schema"))
            _refer_to_enum(parameter, enums, components)
        for content in operation.get("requestBody", {}).get("content", {}).values():
            _drop_titles(content.get("schema"))
        for status, response in operation.get("responses", {}).items():
            if status.startswith("4"):
                response["content"] = {"application/json": {"schema": ERROR_REF}}
            for content in response.get("content", {}).values():
                _drop_titles(content.get("schema"))
    return result


def _operations(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        operation
        for item in result.get("paths", {}).values()
        for method, operation in item.items()
        if method in {"get", "put", "post", "patch", "delete"}
    ]


def _drop_titles(schema: Any) -> None:
    if not isinstance(schema, dict):
        return
    title = schema.pop("title", None)
    if title and "$ref" not in schema:
        schema.setdefault("description", title)
    for value in schema.get("properties", {}).values():
        _drop_titles(value)
    for key in SUBSCHEMAS:
        _drop_titles(schema.get(key))
    for key in COMPOSITIONS:
        for member in schema.get(key, []):
            _drop_titles(member)


def _enum_components(components: dict[str, Any]) -> dict[frozenset[Any], list[str]]:
    enums: dict[frozenset[Any], list[str]] = {}
    for name, schema in components.items():
        if "enum" in schema:
            enums.setdefault(frozenset(schema["enum"]), []).append(name)
    return enums


def _refer_to_enum(
    parameter: dict[str, Any],
    enums: dict[frozenset[Any], list[str]],
    components: dict[str, Any],
) -> None:
    """Two enums may share their values (channel and delivery method): then the
    one named after the parameter wins, and with none, the parameter keeps its own."""
    schema = parameter.get("schema", {})
    if "enum" not in schema:
        return
    values = frozenset(schema["enum"])
    names = enums.get(values, [])
    named = f"{parameter['name'].title().replace('_', '')}Enum"
    if len(names) > 1:
        names = [name for name in names if name == named]
    if not names and named not in components:
        # A filter's own enum becomes a component too, so that operations sharing
        # the parameter share one type.
        components[named] = dict(schema)
        enums[values] = names = [named]
    if len(names) == 1:
        parameter["schema"] = {"$ref": f"#/components/schemas/{names[0]}"}
