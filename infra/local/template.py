"""What the local stack needs from template.yaml: routes, authorizers, CORS, tables, environment.

Everything is read from the template itself (parsed with the SAM translator's YAML loader, which
understands the short intrinsic tags), so the local stack cannot drift from what is deployed.
Intrinsics are resolved just enough to run locally: parameters take their defaults (or a local
override), table references become local table names, anything AWS-only becomes a placeholder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from samtranslator.yaml_helper import yaml_parse

LOCAL_STACK_NAME = "ecm-local"
LOCAL_ACCOUNT = "123456789012"
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Route:
    method: str  # upper case, or "ANY"
    path: str  # as declared, e.g. /v1/me/credits/{credit_id}, or "$default"
    function: str  # logical id
    handler: str  # "package.module.function"
    authorizer: str | None  # None: public route
    scopes: tuple[str, ...] = ()

    @property
    def route_key(self) -> str:
        return "$default" if self.path == "$default" else f"{self.method} {self.path}"


@dataclass(frozen=True)
class Authorizer:
    name: str
    issuer: str
    audience: tuple[str, ...]
    identity_header: str = "authorization"


@dataclass(frozen=True)
class Cors:
    allow_origins: tuple[str, ...] = ()
    allow_methods: tuple[str, ...] = ()
    allow_headers: tuple[str, ...] = ()
    expose_headers: tuple[str, ...] = ()
    max_age: int | None = None
    allow_credentials: bool = False


@dataclass
class LocalTemplate:
    routes: list[Route]
    authorizers: dict[str, Authorizer]
    cors: Cors | None
    tables: dict[str, dict[str, Any]]  # logical id -> CreateTable arguments
    environment: dict[str, dict[str, str]]  # function -> Globals' variables + its own
    function_settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The S3 buckets the functions use (named in their environment): logical id -> {"Bucket", "versioned"}
    buckets: dict[str, dict[str, Any]] = field(default_factory=dict)


class _Resolver:
    """Resolves the intrinsics a local run meets; the rest become visible placeholders."""

    def __init__(self, doc: dict[str, Any], overrides: dict[str, str], region: str) -> None:
        self.resources: dict[str, Any] = doc.get("Resources", {})
        self.params: dict[str, Any] = {k: v.get("Default") for k, v in doc.get("Parameters", {}).items()}
        self.params.update(overrides)
        for name, spec in doc.get("Parameters", {}).items():
            # A CommaDelimitedList is a list wherever it is referenced, as CloudFormation passes it.
            if spec.get("Type") == "CommaDelimitedList" and isinstance(self.params[name], str):
                self.params[name] = [p.strip() for p in self.params[name].split(",") if p.strip()]
        self.pseudo = {
            "AWS::Region": region,
            "AWS::StackName": LOCAL_STACK_NAME,
            "AWS::AccountId": LOCAL_ACCOUNT,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::NoValue": None,
        }

    def ref(self, name: str) -> Any:
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.params:
            return self.params[name]
        resource = self.resources.get(name, {})
        if resource.get("Type") in ("AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable"):
            return table_name(name, resource, self)
        if resource.get("Type") == "AWS::S3::Bucket":
            return bucket_name(name)
        return f"local-{name}"

    def __call__(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            if key == "Ref":
                return self.ref(arg)
            if key == "Fn::Sub":
                text, extra = (arg, {}) if isinstance(arg, str) else (arg[0], self(arg[1]))
                return re.sub(
                    r"\$\{([^}!]+)\}",
                    lambda m: str(extra[m[1]] if m[1] in extra else self.ref(m[1].split(".")[0])),
                    text,
                )
            if key == "Fn::GetAtt":
                target, attr = arg.split(".", 1) if isinstance(arg, str) else arg
                return f"local-{target}-{attr}"
            if key == "Fn::Select":
                return self(arg[1])[int(self(arg[0]))]
            if key == "Fn::Split":
                return str(self(arg[1])).split(str(arg[0]))
            if key == "Fn::Join":
                return str(arg[0]).join(str(v) for v in self(arg[1]))
            if key == "Fn::If":
                return self(arg[1])  # conditions are not evaluated locally: take the "true" branch
        return {k: self(v) for k, v in value.items()}


def table_name(logical_id: str, resource: dict[str, Any], resolve: _Resolver) -> str:
    name = resource.get("Properties", {}).get("TableName")
    return str(resolve(name)) if name else logical_id


def bucket_name(logical_id: str) -> str:
    """A bucket's local name: S3 names are lower case (CloudFormation would generate one)."""
    return f"{LOCAL_STACK_NAME}-{logical_id}".lower()


def _bucket(logical_id: str, resource: dict[str, Any]) -> dict[str, Any]:
    versioning = resource.get("Properties", {}).get("VersioningConfiguration", {})
    return {"Bucket": bucket_name(logical_id), "versioned": versioning.get("Status") == "Enabled"}


def _create_table_args(logical_id: str, resource: dict[str, Any], resolve: _Resolver) -> dict[str, Any]:
    props = resolve(resource.get("Properties", {}))
    if resource["Type"] == "AWS::Serverless::SimpleTable":
        key = props.get("PrimaryKey", {"Name": "id", "Type": "String"})
        key_type = {"String": "S", "Number": "N", "Binary": "B"}[key["Type"]]
        props = {
            "AttributeDefinitions": [{"AttributeName": key["Name"], "AttributeType": key_type}],
            "KeySchema": [{"AttributeName": key["Name"], "KeyType": "HASH"}],
        }
    args: dict[str, Any] = {
        "TableName": table_name(logical_id, resource, resolve),
        "AttributeDefinitions": props["AttributeDefinitions"],
        "KeySchema": props["KeySchema"],
        "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
    }
    for optional in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes", "ProvisionedThroughput"):
        if props.get(optional):
            args[optional] = props[optional]
    ttl = props.get("TimeToLiveSpecification")
    if ttl and ttl.get("Enabled"):
        args["_ttl_attribute"] = ttl["AttributeName"]
    return args


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    # A comma-separated parameter value stands for several entries, as CommaDelimitedList does.
    items = value if isinstance(value, list) else [value]
    return tuple(part.strip() for v in items for part in str(v).split(",") if part.strip())


def _cors(config: Any) -> Cors | None:
    if not config:
        return None
    if config is True:  # SAM's shorthand: everything allowed
        return Cors(allow_origins=("*",), allow_methods=("*",), allow_headers=("*",))
    return Cors(
        allow_origins=_strings(config.get("AllowOrigins")),
        allow_methods=tuple(m.upper() for m in _strings(config.get("AllowMethods"))),
        allow_headers=tuple(h.lower() for h in _strings(config.get("AllowHeaders"))),
        expose_headers=tuple(h.lower() for h in _strings(config.get("ExposeHeaders"))),
        max_age=int(config["MaxAge"]) if config.get("MaxAge") is not None else None,
        allow_credentials=bool(config.get("AllowCredentials", False)),
    )


def _origin_parameters(doc: dict[str, Any]) -> list[str]:
    """Parameters that are themselves an entry of the HttpApi's AllowOrigins (the guide's address):
    locally they become the local site's origin. Origins picked out of a list parameter (the hybrid
    apps', AppOrigins) keep their values, so an app in a WebView can try the local stack too."""
    found: list[str] = []
    apis = [r for r in doc.get("Resources", {}).values() if r.get("Type") == "AWS::Serverless::HttpApi"]
    for api in [*apis, {"Properties": doc.get("Globals", {}).get("HttpApi", {})}]:
        cors = api.get("Properties", {}).get("CorsConfiguration", {})
        origins = cors.get("AllowOrigins", []) if isinstance(cors, dict) else []
        for origin in origins if isinstance(origins, list) else [origins]:
            if isinstance(origin, dict) and origin.get("Ref") in doc.get("Parameters", {}):
                found.append(origin["Ref"])
    return found


def load_template(
    path: Path,
    *,
    local_issuer: str,
    local_audience: str,
    local_origins: tuple[str, ...] = (),
    region: str = "eu-south-1",
) -> LocalTemplate:
    doc = yaml_parse(path.read_text(encoding="utf-8"))
    overrides = {p: ",".join(local_origins) for p in _origin_parameters(doc)} if local_origins else {}
    resolve = _Resolver(doc, overrides, region)
    resources: dict[str, Any] = doc.get("Resources", {})
    globals_ = doc.get("Globals", {})

    apis = {k: r for k, r in resources.items() if r.get("Type") == "AWS::Serverless::HttpApi"}
    if len(apis) > 1:
        raise ValueError(f"{path}: the local stack serves one HttpApi, found {sorted(apis)}")
    # An event without ApiId belongs to SAM's implicit API, configured by Globals.HttpApi.
    explicit: dict[str, Any] = next(iter(apis.values()), {})
    api_props: dict[str, Any] = {**globals_.get("HttpApi", {}), **explicit.get("Properties", {})}
    auth = api_props.get("Auth", {})
    authorizers: dict[str, Authorizer] = {}
    for name, spec in auth.get("Authorizers", {}).items():
        jwt = spec.get("JwtConfiguration")
        if not jwt:
            raise ValueError(
                f"{path}: authorizer {name} is not a JWT authorizer; the local stack verifies JWTs"
            )
        source = str(spec.get("IdentitySource", "$request.header.Authorization"))
        # The deployed issuer and audience are Cognito's; locally the stack is its own issuer.
        authorizers[name] = Authorizer(
            name=name,
            issuer=local_issuer,
            audience=(local_audience,),
            identity_header=source.removeprefix("$request.header.").lower(),
        )
    default_authorizer = auth.get("DefaultAuthorizer")
    cors = _cors(resolve(api_props.get("CorsConfiguration")))

    routes: list[Route] = []
    environment: dict[str, dict[str, str]] = {}
    function_settings: dict[str, dict[str, Any]] = {}
    global_fn = globals_.get("Function", {})
    for logical_id, resource in resources.items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        props = {**global_fn, **resource.get("Properties", {})}
        variables = {
            **global_fn.get("Environment", {}).get("Variables", {}),
            **resource.get("Properties", {}).get("Environment", {}).get("Variables", {}),
        }
        environment[logical_id] = {k: str(v) for k, v in resolve(variables).items() if v is not None}
        if "USER_POOL_ID" in environment[logical_id]:
            # Local tokens are signed by the local key, not issued to users of a pool: there is no user
            # to delete on erasure, and an unresolved pool id must never send a call to AWS.
            environment[logical_id]["USER_POOL_ID"] = ""
        function_settings[logical_id] = {
            "timeout": int(props.get("Timeout", 3)),
            "memory": int(props.get("MemorySize", 128)),
            "code_uri": props.get("CodeUri", "."),
        }
        for event in props.get("Events", {}).values():
            if event.get("Type") != "HttpApi":
                continue
            ev = event.get("Properties", {})
            ev_auth = ev.get("Auth", {})
            authorizer = ev_auth.get("Authorizer", default_authorizer)
            if authorizer == "NONE":
                authorizer = None
            if authorizer is not None and authorizer not in authorizers:
                raise ValueError(f"{path}: {logical_id} uses unknown authorizer {authorizer}")
            scopes = ev_auth.get("AuthorizationScopes")
            if scopes is None and authorizer is not None:
                scopes = auth.get("Authorizers", {}).get(authorizer, {}).get("AuthorizationScopes")
            routes.append(
                Route(
                    method=str(ev.get("Method", "ANY")).upper(),
                    path=str(ev.get("Path", "$default")),
                    function=logical_id,
                    handler=str(props["Handler"]),
                    authorizer=authorizer,
                    scopes=_strings(scopes),
                )
            )

    tables = {
        k: _create_table_args(k, r, resolve)
        for k, r in resources.items()
        if r.get("Type") in ("AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable")
    }
    used = {value for variables in environment.values() for value in variables.values()}
    buckets = {
        k: _bucket(k, r)
        for k, r in resources.items()
        if r.get("Type") == "AWS::S3::Bucket" and bucket_name(k) in used
    }
    return LocalTemplate(routes, authorizers, cors, tables, environment, function_settings, buckets)
