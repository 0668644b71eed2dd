"""``python -m infra.local serve`` runs the local stack; ``python -m infra.local token`` prints a token."""

from __future__ import annotations

import argparse
import sys

from infra.local.auth import LOCAL_AUDIENCE, LOCAL_ISSUER, USERS, load_or_create_key, mint_token
from infra.local.stack import Config, serve
from infra.local.template import load_template


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.local")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run DynamoDB, the API and the guide site locally")
    commands.add_parser("routes", help="print the routing table read from template.yaml")
    token = commands.add_parser("token", help="print a bearer token the local API accepts")
    token.add_argument("--user", default="demo", help=f"one of {', '.join(USERS)}, or any subject")
    token.add_argument("--hours", type=float, default=12, help="lifetime (default 12)")
    args = parser.parse_args(argv)

    if args.command == "serve":
        return serve()
    if args.command == "routes":
        template = load_template(Config().template, local_issuer=LOCAL_ISSUER, local_audience=LOCAL_AUDIENCE)
        for route in sorted(template.routes, key=lambda r: (r.path, r.method)):
            access = f"JWT ({route.authorizer})" if route.authorizer else "public"
            print(f"{route.method:7} {route.path:40} {route.function:20} {access}")
        return 0
    key = load_or_create_key(Config().data_dir)
    print(mint_token(key, USERS.get(args.user, args.user), lifetime_s=int(args.hours * 3600)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
